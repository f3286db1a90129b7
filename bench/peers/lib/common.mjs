// What both Node drivers share: the phase handshake with the Rust
// orchestrator, the workload file, and the records made from it, with the
// same fields Carnet writes (carnet-core's record.rs), so all three systems
// carry the same data.
import { readFileSync } from "node:fs"
import readline from "node:readline"

// Standard output is the handshake channel: everything else goes to stderr.
const protocol = process.stdout
console.log = console.error
console.info = console.error

const input = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]()

function say(message) {
  protocol.write(`${JSON.stringify(message)}\n`)
}

/// Runs `fn` as a measured phase: the orchestrator snapshots its counters
/// when we announce the start and again when we announce the end.
export async function phase(name, fn) {
  say({ phase: name, event: "start" })
  await input.next()
  const t0 = Date.now()
  const result = await fn()
  console.error(`${name}: ${Date.now() - t0} ms`)
  say({ phase: name, event: "end" })
  await input.next()
  return result
}

export function report(check) {
  say({ check })
}

/// Every wait is bounded: rejects after `ms`.
export async function within(ms, what, promise) {
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/// Polls `test` every `every` ms until it holds, at most `ms`.
export async function until(ms, what, test, every = 50) {
  const deadline = Date.now() + ms
  for (;;) {
    if (await test()) return
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`)
    await new Promise((r) => setTimeout(r, every))
  }
}

export function loadWorkload(path) {
  return JSON.parse(readFileSync(path, "utf8"))
}

export const month = (date) => date.slice(0, 7)

/// A tablet's scope, as Carnet's: this month and the last.
export function scopeMonths(date) {
  const [y, m] = date.split("-").map(Number)
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`
  return [month(date), prev]
}

/// A device's clock: the day at 08:00 local, a second per action (as the
/// Carnet driver's stepping clock).
export class Clock {
  constructor(date) {
    this.base = Date.parse(`${date}T08:00:00+01:00`)
    this.n = 0
  }
  now() {
    const t = new Date(this.base + 1000 * this.n++)
    return t.toISOString().replace("Z", "+00:00")
  }
}

const stamp = (clock, by) => {
  const at = clock.now()
  return { created_at: at, created_by: by, updated_at: at, updated_by: by }
}

/// The catalog as records: [id, fields].
export function catalogRecords(catalog) {
  const by = catalog.people[0].id
  const at = "2025-01-01T08:00:00+01:00"
  const s = { created_at: at, created_by: by, updated_at: at, updated_by: by }
  const out = []
  for (const b of catalog.beds)
    out.push([b.id, { type: "bed", code: b.code, zone: b.zone, length: b.length, width: b.width, retired: false, ...s }])
  for (const c of catalog.crops)
    out.push([c.id, { type: "crop", name: c.name, family: c.family, default_unit: c.unit, kg_per_bunch: 0.35, kg_per_piece: 0.4, retired: false, ...s }])
  for (const p of catalog.people)
    out.push([p.id, { type: "person", name: p.name, role: p.role, lang: "fr", active: true, ...s }])
  for (const o of catalog.outlets) out.push([o.id, { type: "outlet", name: o.name, kind: "canteen", retired: false, ...s }])
  return out
}

/// One day as the actions a person takes, in the workload's order. Each
/// action is { domain, month, records: [[id, fields]], updates: [[id, fields]] }
/// (`updates` change fields of an existing record).
export function dayActions(day) {
  const clock = new Clock(day.date)
  const by = day.by
  const actions = []
  for (const t of day.tasks) {
    actions.push({
      domain: "tasks",
      month: month(t.due),
      records: [
        [
          t.id,
          {
            type: "task", title: t.title, kind: t.kind, beds: t.beds.join(","), crew: "", due: t.due,
            duration_min: t.duration_min, status: "open", ...stamp(clock, by),
          },
        ],
      ],
      updates: [],
    })
  }
  for (const id of day.ticks) {
    const at = clock.now()
    // The ticked task is due today or planned this week: this month's tasks.
    actions.push({
      domain: "tasks", month: null, task: id, records: [],
      updates: [[id, { status: "done", done_at: at, done_by: by, updated_at: at, updated_by: by }]],
    })
  }
  for (const h of day.harvests) {
    const s = stamp(clock, by)
    const records = [
      [h.id, { type: "harvest", bed: h.bed, crop: h.crop, at: s.created_at, destination: "canteen", lot: `${day.date}-${h.id.slice(0, 4)}`, note: "", ...s }],
    ]
    for (const w of h.weighings) records.push([w.id, { type: "weighing", harvest: h.id, value: w.kg, unit: "kg", ...s }])
    actions.push({ domain: "harvests", month: month(day.date), records, updates: [] })
  }
  for (const o of day.observations) {
    const s = stamp(clock, by)
    actions.push({
      domain: "observations", month: month(day.date), updates: [],
      records: [[o.id, { type: "observation", beds: o.bed, kind: o.kind, severity: o.severity, note: o.note, tags: "", at: s.created_at, ...s }]],
    })
  }
  for (const e of day.edits) {
    const at = clock.now()
    actions.push({
      domain: "tasks", month: null, task: e.task, records: [],
      updates: [[e.task, { duration_min: e.duration_min, updated_at: at, updated_by: by }]],
    })
  }
  return actions
}

/// Every record id a day makes, with the month of its document.
export function dayRecordIds(day) {
  const out = []
  for (const t of day.tasks) out.push([t.id, month(t.due)])
  for (const h of day.harvests) {
    out.push([h.id, month(day.date)])
    for (const w of h.weighings) out.push([w.id, month(day.date)])
  }
  for (const o of day.observations) out.push([o.id, month(day.date)])
  return out
}

/// The records every tablet of scenario 1 must hold: the catalog, and every
/// record of the history and of all tablets' weeks in this month and the last.
export function weekExpected(w) {
  const scope = scopeMonths(w.week_start)
  const ids = new Set(catalogRecords(w.farm).map(([id]) => id))
  const days = [...w.history, ...w.devices.flatMap((d) => d.days)]
  for (const day of days) for (const [id, m] of dayRecordIds(day)) if (scope.includes(m)) ids.add(id)
  return ids
}

/// The task → due month index (ticks and edits name the task only).
export function taskMonths(w) {
  const map = new Map()
  for (const day of [...w.history, ...w.devices.flatMap((d) => d.days)])
    for (const t of day.tasks) map.set(t.id, month(t.due))
  return map
}
