// The one module that talks to Tauri: every command and event of the app,
// typed with the bindings generated from the Rust IPC types. Screens import
// from here, never from '@tauri-apps/*' or './bindings'.
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

/** A failed command: a stable code to act on, a message for people. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** `implausible_clock`: the time the device believes (RFC 3339). */
    readonly deviceTime: string | null = null,
  ) {
    super(message);
  }
}

function isCommandError(e: unknown): e is B.CommandError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (isCommandError(e)) throw new ApiError(e.code, e.message, e.device_time ?? null);
    throw new ApiError('internal', String(e));
  }
}

export const api = {
  getSetup: () => call<B.Setup>('get_setup'),
  createFarm: (farmName: string, supervisor: string, pin: string | null) =>
    call<B.Person>('create_farm', { farmName, supervisor, pin }),
  loadDemo: () => call<null>('load_demo'),

  listPeople: () => call<B.Person[]>('list_people'),
  switchPerson: (person: string, pin: string | null) => call<B.Person>('switch_person', { person, pin }),
  currentPerson: () => call<B.Person | null>('current_person'),
  permissions: () => call<B.Permissions>('permissions'),
  leavePerson: () => call<null>('leave_person'),
  setLanguage: (lang: B.Lang) => call<null>('set_language', { lang }),
  addPerson: (input: B.PersonInput) => call<B.Person>('add_person', { input }),

  getCatalog: () => call<B.Catalog>('get_catalog'),
  bedStates: () => call<B.BedState[]>('bed_states'),
  bedHistory: (bed: string) => call<B.HistoryEntry[]>('bed_history', { bed }),
  addBed: (input: B.BedInput) => call<B.Bed>('add_bed', { input }),
  retireBed: (code: string) => call<null>('retire_bed', { code }),
  addCrop: (input: B.CropInput) => call<B.Crop>('add_crop', { input }),
  addOutlet: (input: B.OutletInput) => call<B.Outlet>('add_outlet', { input }),

  dayTasks: (day?: string) => call<B.DayTasks>('day_tasks', { day: day ?? null }),
  completeTask: (id: string) => call<B.Task>('complete_task', { id }),
  reopenTask: (id: string) => call<B.Task>('reopen_task', { id }),
  abandonTask: (id: string, reason: B.AbandonReason, note: string | null) =>
    call<B.Task>('abandon_task', { id, reason, note }),
  addTask: (input: B.TaskInput) => call<null>('add_task', { input }),

  recordHarvest: (input: B.HarvestInput) => call<B.HarvestRecorded>('record_harvest', { input }),
  dayHarvestTotals: (day?: string) => call<B.ReportRow[]>('day_harvest_totals', { day: day ?? null }),
  recordObservation: (input: B.ObservationInput) => call<string>('record_observation', { input }),

  harvestReport: (group: B.GroupBy, from: string | null, to: string | null) =>
    call<B.ReportRow[]>('harvest_report', { group, from, to }),
  exportReportCsv: (group: B.GroupBy, from: string | null, to: string | null, folder: string) =>
    call<string>('export_report_csv', { group, from, to, folder }),
  defaultExportFolder: () => call<string>('default_export_folder'),

  listConflicts: () => call<B.Conflict[]>('list_conflicts'),
  resolveConflict: (record: string, field: string, value: string) =>
    call<null>('resolve_conflict', { record, field, value }),

  syncStatus: () => call<B.SyncState>('sync_status'),
  syncNow: () => call<B.SyncState>('sync_now'),
  enrollDevice: (server: string, code: string) => call<B.SyncState>('enroll_device', { server, code }),

  screenReady: (screen: string) => call<null>('screen_ready', { screen }),
};

export const events = {
  onDocChanged: (f: (e: B.DocChanged) => void): Promise<UnlistenFn> =>
    listen<B.DocChanged>('doc-changed', (e) => f(e.payload)),
  onSyncStatus: (f: (s: B.SyncState) => void): Promise<UnlistenFn> =>
    listen<B.SyncState>('sync-status', (e) => f(e.payload)),
};
