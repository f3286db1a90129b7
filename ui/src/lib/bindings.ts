// Generated from src-tauri/src/ipc by `CARNET_WRITE_BINDINGS=1 cargo test -p carnet-app bindings`.
// Do not edit: the test fails when this file and the Rust types differ.

export type ErrorCode = "invalid" | "not_found" | "corrupt_document" | "malformed_record" | "bad_sync_message" | "implausible_clock" | "automerge" | "database" | "not_a_store" | "store_too_new" | "projection" | "store_in_use" | "no_farm" | "farm_exists" | "role_forbids" | "person_forbids" | "unreachable" | "refused" | "bad_url" | "not_enrolled" | "other_farm" | "bad_certificate" | "protocol" | "timeout" | "no_person" | "wrong_pin" | "export_failed" | "sync_failed" | "bad_arguments" | "internal";

export type ErrorParams = { 
/**
 * `invalid`: the field at fault (`title`, `due`, `pin`…).
 */
field?: string, 
/**
 * `not_found`: what was looked for (`task`, `bed`, `person`…) and by
 * which key.
 */
kind?: string, key?: string, 
/**
 * `implausible_clock`: the time the device believes (RFC 3339).
 */
deviceTime?: string, 
/**
 * `store_in_use`: the program holding the store and its process id,
 * when its lock file names them.
 */
holder?: string, pid?: number, 
/**
 * `role_forbids`: the device's role; `person_forbids`: the person's
 * role and the action refused.
 */
deviceRole?: DeviceRole, role?: Role, action?: Action, 
/**
 * `unreachable`, `bad_url`: the server's address as given.
 */
url?: string, 
/**
 * `export_failed`: the file that could not be written.
 */
path?: string, 
/**
 * `timeout`: the seconds waited.
 */
seconds?: number, };

export type CommandError = { code: ErrorCode, 
/**
 * Boxed: most errors carry none, and every command's `Result` is as
 * large as its error.
 */
params: ErrorParams, 
/**
 * The English diagnostic, for logs and developers only: the interface
 * translates `code` and `params` instead.
 */
message: string, };

export type Role = "worker" | "team_leader" | "supervisor";

export type Lang = "fr" | "en";

export type DeviceRole = "field" | "base" | "viewer";

export type Action = "tick_task" | "abandon_task" | "observe" | "harvest" | "plan_tasks" | "edit_catalog" | "resolve_conflict";

export type TaskKind = "sowing" | "planting" | "weeding" | "watering" | "harvesting" | "mulching" | "maintenance" | "other";

export type ObservationKind = "pest" | "disease" | "weeds" | "water" | "growth" | "soil" | "biodiversity" | "weather_damage" | "other";

export type Unit = "kg" | "g" | "bunch" | "piece" | "crate";

export type DestinationKind = "canteen" | "basket" | "partner" | "donation" | "loss";

export type AbandonReason = "weather" | "no_time" | "not_needed" | "crop_lost" | "equipment" | "other";

export type Setup = { hasFarm: boolean, 
/**
 * What the supervisor registers on the server (`carnet-sync farm
 * create --id`) before enrolling this farm's devices.
 */
farmId: string | null, farmName: string | null, device: string, 
/**
 * The farm's today, ISO date (fixed by CARNET_NOW in tests).
 */
today: string, };

export type Person = { id: string, name: string, role: Role, 
/**
 * The language this person reads the app in: their own choice on this
 * device if they made one, else the catalog's.
 */
lang: Lang, hasPin: boolean, };

export type Permissions = { deviceRole: DeviceRole, 
/**
 * The actions allowed to this person on this device; empty when nobody
 * holds the tablet.
 */
allowed: Array<Action>, };

export type Zone = { id: string, name: string, };

export type Bed = { id: string, code: string, zoneId: string, lengthM: number, widthM: number, areaM2: number, };

export type UnitFactor = { unit: Unit, kg: number, };

export type Crop = { id: string, name: string, family: string, defaultUnit: Unit, kgPer: Array<UnitFactor>, };

export type Outlet = { id: string, name: string, kind: DestinationKind, };

export type Catalog = { farmName: string, zones: Array<Zone>, beds: Array<Bed>, crops: Array<Crop>, outlets: Array<Outlet>, 
/**
 * The active people: the picker's and the crew choices'.
 */
people: Array<Person>, 
/**
 * People made inactive: off the picker, still named on their records,
 * listed for a supervisor to make active again.
 */
inactivePeople: Array<Person>, };

export type BedState = { bedId: string, cropId: string | null, lastHarvest: string | null, };

export type TaskStatus = "todo" | "done" | "abandoned";

export type Task = { id: string, title: string, kind: TaskKind, bedCodes: Array<string>, crewNames: Array<string>, due: string, durationMin: number | null, status: TaskStatus, 
/**
 * Who ticked or abandoned it.
 */
statusBy: string | null, 
/**
 * Why it was abandoned: a code the interface puts into words.
 */
abandonReason: AbandonReason | null, 
/**
 * The abandonment's note, as typed.
 */
abandonNote: string | null, recurring: boolean, };

export type DayTasks = { day: string, late: Array<Task>, today: Array<Task>, upcoming: Array<Task>, 
/**
 * Open tasks older than the late window: counted, not listed.
 */
olderOpen: number, };

export type TaskInput = { title: string, kind: TaskKind, bedIds: Array<string>, crew: Array<string>, due: string, durationMin: number | null, recurrence: string | null, until: string | null, };

export type WeighingInput = { value: number, unit: Unit, tareKg: number | null, };

export type HarvestInput = { bedId: string, cropId: string, destination: string, note: string, weighings: Array<WeighingInput>, };

export type UnitAmount = { unit: Unit, amount: number, };

export type HarvestRecorded = { id: string, lot: string, weighings: number, };

export type GroupBy = "crop" | "week" | "bed" | "destination";

export type ReportRow = { 
/**
 * A crop's name, an ISO week, a bed's code, an outlet's name, or a
 * destination kind's code (then in `destination` too, to be put into
 * words).
 */
key: string, destination: DestinationKind | null, harvests: number, kg: number, 
/**
 * Counts without a kg conversion, in the unit people entered.
 */
unconverted: Array<UnitAmount>, areaM2: number, kgPerM2: number | null, };

export type ObservationInput = { bedIds: Array<string>, kind: ObservationKind, severity: number, note: string, tags: Array<string>, };

export type HistoryEntry = { date: string, id: string, line: HistoryLine, };

export type HistoryLine = { "what": "task", title: string, kind: TaskKind, status: TaskStatus, 
/**
 * Why, when abandoned.
 */
reason: AbandonReason | null, 
/**
 * The abandonment's note, as typed.
 */
note: string | null, } | { "what": "harvest", crop: string, kg: number, lot: string, voided: boolean, } | { "what": "observation", kind: ObservationKind, severity: number, 
/**
 * As typed.
 */
note: string, };

export type ConflictValue = { value: string, person: string | null, device: string | null, at: string | null, };

export type Conflict = { document: string, record: string, recordType: string, field: string, values: Array<ConflictValue>, };

export type SyncBadge = "not_enrolled" | "syncing" | "up_to_date" | "waiting" | "offline" | "error";

export type UnreadableRecord = { document: string, key: string, };

export type WrongDate = { id: string, 
/**
 * `harvest`, `weighing` or `observation`: a code the interface names.
 */
recordType: string, 
/**
 * ISO date.
 */
day: string, 
/**
 * False when no server takes its month: it stays on this device.
 */
syncable: boolean, };

export type SyncState = { badge: SyncBadge, pending: number, enrolled: boolean, server: string | null, lastSyncAt: string | null, 
/**
 * Why the last sync failed, as a code the interface translates.
 */
error: ErrorCode | null, retryInSecs: number | null, safeToSwitchOff: boolean, 
/**
 * This device's clock minus the server's at the last sync, seconds.
 */
clockSkewSecs: number | null, 
/**
 * The skew is past ten minutes: the badge and Today say so.
 */
clockWrong: boolean, 
/**
 * Records left out because they do not parse (kept in their documents).
 */
unreadable: Array<UnreadableRecord>, 
/**
 * Records stamped by a wrong clock, for a supervisor to correct.
 */
wrongDates: Array<WrongDate>, };

export type BedInput = { code: string, zone: string, lengthM: number, widthM: number, };

export type CropInput = { name: string, family: string, defaultUnit: Unit, 
/**
 * kg per unit when the default unit is a count.
 */
kgPerUnit: number | null, };

export type OutletInput = { name: string, kind: DestinationKind, };

export type PersonInput = { name: string, role: Role, lang: Lang, pin: string | null, };

export type DocChanged = { 
/**
 * `local` after this device's own write, `sync` after a merge.
 */
source: string, };

export type TaskRef = { id: string, };

export type DayArg = { day?: string, };

export type DayRange = { from: string, to: string, };

export type AbandonTask = { id: string, reason: AbandonReason, 
/**
 * Details, as typed; optional whatever the reason.
 */
note?: string, };

export type TaskEditInput = { id: string, title?: string, kind?: TaskKind, 
/**
 * A new due day, possibly in another month.
 */
due?: string, bedIds?: Array<string>, crew?: Array<string>, durationMin?: number | null, };

export type SwitchPerson = { person: string, pin?: string, };

export type SetLanguage = { lang: Lang, };

export type PersonEditInput = { id: string, role?: Role, lang?: Lang, pin?: string | null, active?: boolean, };

export type CreateFarm = { farmName: string, supervisor: string, pin?: string, };

export type BedRef = { bed: string, };

export type BedCodeRef = { code: string, };

export type BedEditInput = { code: string, lengthM?: number, widthM?: number, zone?: string, };

export type CropEditInput = { id: string, defaultUnit?: Unit, kgPer: Array<UnitFactor>, };

export type OutletEditInput = { id: string, name?: string, kind?: DestinationKind, };

export type ReportArgs = { group: GroupBy, from?: string, to?: string, };

export type ExportArgs = { folder: string, group: GroupBy, from?: string, to?: string, };

export type ResolveConflict = { record: string, field: string, value: string, };

export type EnrollDevice = { server: string, code: string, };

export type ScreenReady = { screen: string, };

export type Commands = {
  get_setup: { args: null, result: Setup },
  open_store: { args: null, result: Setup },
  create_farm: { args: CreateFarm, result: Person },
  load_demo: { args: null, result: null },
  list_people: { args: null, result: Array<Person> },
  switch_person: { args: SwitchPerson, result: Person },
  current_person: { args: null, result: Person | null },
  permissions: { args: null, result: Permissions },
  leave_person: { args: null, result: null },
  set_language: { args: SetLanguage, result: null },
  add_person: { args: PersonInput, result: Person },
  edit_person: { args: PersonEditInput, result: Person },
  get_catalog: { args: null, result: Catalog },
  bed_states: { args: null, result: Array<BedState> },
  bed_history: { args: BedRef, result: Array<HistoryEntry> },
  add_bed: { args: BedInput, result: Bed },
  retire_bed: { args: BedCodeRef, result: null },
  edit_bed: { args: BedEditInput, result: Bed },
  add_crop: { args: CropInput, result: Crop },
  edit_crop: { args: CropEditInput, result: Crop },
  add_outlet: { args: OutletInput, result: Outlet },
  edit_outlet: { args: OutletEditInput, result: Outlet },
  day_tasks: { args: DayArg, result: DayTasks },
  planned_tasks: { args: DayRange, result: Array<Task> },
  task: { args: TaskRef, result: Task },
  complete_task: { args: TaskRef, result: Task },
  reopen_task: { args: TaskRef, result: Task },
  abandon_task: { args: AbandonTask, result: Task },
  add_task: { args: TaskInput, result: null },
  edit_task: { args: TaskEditInput, result: Task },
  delete_task: { args: TaskRef, result: null },
  record_harvest: { args: HarvestInput, result: HarvestRecorded },
  day_harvest_totals: { args: DayArg, result: Array<ReportRow> },
  record_observation: { args: ObservationInput, result: string },
  harvest_report: { args: ReportArgs, result: Array<ReportRow> },
  export_report_csv: { args: ExportArgs, result: string },
  default_export_folder: { args: null, result: string },
  list_conflicts: { args: null, result: Array<Conflict> },
  resolve_conflict: { args: ResolveConflict, result: null },
  sync_status: { args: null, result: SyncState },
  sync_now: { args: null, result: SyncState },
  enroll_device: { args: EnrollDevice, result: SyncState },
  screen_ready: { args: ScreenReady, result: null },
}

export const ROLES: readonly Role[] = ["worker", "team_leader", "supervisor"];

export const TASK_KINDS: readonly TaskKind[] = ["sowing", "planting", "weeding", "watering", "harvesting", "mulching", "maintenance", "other"];

export const TASK_STATUSES: readonly TaskStatus[] = ["todo", "done", "abandoned"];

export const ABANDON_REASONS: readonly AbandonReason[] = ["weather", "no_time", "not_needed", "crop_lost", "equipment", "other"];

export const OBSERVATION_KINDS: readonly ObservationKind[] = ["pest", "disease", "weeds", "water", "growth", "soil", "biodiversity", "weather_damage", "other"];

export const DESTINATION_KINDS: readonly DestinationKind[] = ["canteen", "basket", "partner", "donation", "loss"];

export const UNITS: readonly Unit[] = ["kg", "g", "bunch", "piece", "crate"];

export const HISTORY_WHATS: readonly HistoryLine["what"][] = ["task", "harvest", "observation"];
