// Generated from src-tauri/src/ipc by `CARNET_WRITE_BINDINGS=1 cargo test -p carnet-app bindings`.
// Do not edit: the test fails when this file and the Rust types differ.

export type CommandError = { code: string, message: string, 
/**
 * `implausible_clock`: the time the device believes (RFC 3339), which
 * the interface names in the person's language.
 */
device_time?: string, };

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

export type Catalog = { farmName: string, zones: Array<Zone>, beds: Array<Bed>, crops: Array<Crop>, outlets: Array<Outlet>, people: Array<Person>, };

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

export type SyncState = { badge: SyncBadge, pending: number, enrolled: boolean, server: string | null, lastSyncAt: string | null, error: string | null, retryInSecs: number | null, safeToSwitchOff: boolean, 
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

export const ROLES: readonly Role[] = ["worker", "team_leader", "supervisor"];

export const TASK_KINDS: readonly TaskKind[] = ["sowing", "planting", "weeding", "watering", "harvesting", "mulching", "maintenance", "other"];

export const TASK_STATUSES: readonly TaskStatus[] = ["todo", "done", "abandoned"];

export const ABANDON_REASONS: readonly AbandonReason[] = ["weather", "no_time", "not_needed", "crop_lost", "equipment", "other"];

export const OBSERVATION_KINDS: readonly ObservationKind[] = ["pest", "disease", "weeds", "water", "growth", "soil", "biodiversity", "weather_damage", "other"];

export const DESTINATION_KINDS: readonly DestinationKind[] = ["canteen", "basket", "partner", "donation", "loss"];

export const UNITS: readonly Unit[] = ["kg", "g", "bunch", "piece", "crate"];

export const HISTORY_WHATS: readonly HistoryLine["what"][] = ["task", "harvest", "observation"];
