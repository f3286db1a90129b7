// The one module that talks to Tauri: every command and event of the app,
// typed with the bindings generated from the Rust IPC types. `call` is typed
// by the generated `Commands` map (one Rust list feeds it and the app's
// handler), so a command renamed or given other arguments in Rust breaks
// `npm run check` here. Screens import from here, never from
// '@tauri-apps/*' or './bindings'.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type * as B from './bindings';

export type * from './bindings';
// The closed lists of codes, generated from the domain's own lists.
export {
  ABANDON_REASONS,
  DESTINATION_KINDS,
  HISTORY_WHATS,
  OBSERVATION_KINDS,
  ROLES,
  TASK_KINDS,
  TASK_STATUSES,
  UNITS,
} from './bindings';

type Name = keyof B.Commands;
type ArgsOf<K extends Name> = B.Commands[K]['args'];
type ResultOf<K extends Name> = B.Commands[K]['result'];

/**
 * A failed command: a code from the closed set the catalogues translate and
 * the parameters the translation names. `message` is the English diagnostic,
 * for the console only: never shown.
 */
export class ApiError extends Error {
  constructor(
    readonly code: B.ErrorCode,
    readonly params: B.ErrorParams,
    message: string,
  ) {
    super(message);
  }
}

function isCommandError(e: unknown): e is B.CommandError {
  return typeof e === 'object' && e !== null && 'code' in e && 'params' in e;
}

export async function call<K extends Name>(
  command: K,
  ...args: ArgsOf<K> extends null ? [] : [ArgsOf<K>]
): Promise<ResultOf<K>> {
  try {
    return await invoke<ResultOf<K>>(command, (args[0] ?? {}) as Record<string, unknown>);
  } catch (e) {
    if (isCommandError(e)) throw new ApiError(e.code, e.params, e.message);
    throw new ApiError('internal', {}, String(e));
  }
}

export const api = {
  getSetup: () => call('get_setup'),
  openStore: () => call('open_store'),
  createFarm: (farmName: string, supervisor: string, pin: string | null) =>
    call('create_farm', { farmName, supervisor, pin: pin ?? undefined }),
  loadDemo: () => call('load_demo'),

  listPeople: () => call('list_people'),
  switchPerson: (person: string, pin: string | null) => call('switch_person', { person, pin: pin ?? undefined }),
  currentPerson: () => call('current_person'),
  permissions: () => call('permissions'),
  leavePerson: () => call('leave_person'),
  setLanguage: (lang: B.Lang) => call('set_language', { lang }),
  addPerson: (input: B.PersonInput) => call('add_person', input),
  editPerson: (input: B.PersonEditInput) => call('edit_person', input),

  getCatalog: () => call('get_catalog'),
  bedStates: () => call('bed_states'),
  bedHistory: (bed: string) => call('bed_history', { bed }),
  addBed: (input: B.BedInput) => call('add_bed', input),
  retireBed: (code: string) => call('retire_bed', { code }),
  editBed: (input: B.BedEditInput) => call('edit_bed', input),
  addCrop: (input: B.CropInput) => call('add_crop', input),
  editCrop: (input: B.CropEditInput) => call('edit_crop', input),
  addOutlet: (input: B.OutletInput) => call('add_outlet', input),
  editOutlet: (input: B.OutletEditInput) => call('edit_outlet', input),

  dayTasks: (day?: string) => call('day_tasks', { day }),
  plannedTasks: (from: string, to: string) => call('planned_tasks', { from, to }),
  task: (id: string) => call('task', { id }),
  completeTask: (id: string) => call('complete_task', { id }),
  reopenTask: (id: string) => call('reopen_task', { id }),
  abandonTask: (id: string, reason: B.AbandonReason, note: string | null) =>
    call('abandon_task', { id, reason, note: note ?? undefined }),
  addTask: (input: B.TaskInput) => call('add_task', input),
  editTask: (input: B.TaskEditInput) => call('edit_task', input),
  deleteTask: (id: string) => call('delete_task', { id }),

  recordHarvest: (input: B.HarvestInput) => call('record_harvest', input),
  dayHarvestTotals: (day?: string) => call('day_harvest_totals', { day }),
  recordObservation: (input: B.ObservationInput) => call('record_observation', input),

  harvestReport: (group: B.GroupBy, from: string | null, to: string | null) =>
    call('harvest_report', { group, from: from ?? undefined, to: to ?? undefined }),
  exportReportCsv: (group: B.GroupBy, from: string | null, to: string | null, folder: string) =>
    call('export_report_csv', { group, from: from ?? undefined, to: to ?? undefined, folder }),
  defaultExportFolder: () => call('default_export_folder'),

  listConflicts: () => call('list_conflicts'),
  resolveConflict: (record: string, field: string, value: string) =>
    call('resolve_conflict', { record, field, value }),

  syncStatus: () => call('sync_status'),
  syncNow: () => call('sync_now'),
  enrollDevice: (server: string, code: string) => call('enroll_device', { server, code }),

  screenReady: (screen: string) => call('screen_ready', { screen }),
};

export const events = {
  onDocChanged: (f: (e: B.DocChanged) => void): Promise<UnlistenFn> =>
    listen<B.DocChanged>('doc-changed', (e) => f(e.payload)),
  onSyncStatus: (f: (s: B.SyncState) => void): Promise<UnlistenFn> =>
    listen<B.SyncState>('sync-status', (e) => f(e.payload)),
};
