// The automerge-repo peer: Node clients (unmodified @automerge/automerge-repo
// with its WebSocket client adapter) holding the workload's records in
// Carnet's layout (a catalog document and one document per month per domain,
// records in the root map keyed by their UUID, one change per action),
// syncing with servers/automerge-server.mjs through the counting proxy.
//
// Usage: node automerge.mjs week|fleet WORKLOAD.json http://127.0.0.1:PORT
// (run by carnet-peers-bench, which answers the phase handshake).
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"
import bs58check from "bs58check"
import { monitorEventLoopDelay } from "node:perf_hooks"
import { parse as parseUuid, v5 as uuidv5 } from "uuid"
import {
  catalogRecords, dayActions, dayRecordIds, loadWorkload, phase, report, scopeMonths, taskMonths, until,
  weekExpected, within,
} from "../lib/common.mjs"

const [scenario, workloadPath, httpUrl] = process.argv.slice(2)
const wsUrl = httpUrl.replace(/^http/, "ws")
const w = loadWorkload(workloadPath)
const MINUTE = 60_000
// The bound on each convergence wait (PEERS_BOUND_S, default 20 min).
const BOUND = 1000 * Number(process.env.PEERS_BOUND_S ?? 1200)
// The client adapter's retry interval: it opens a new socket (abandoning the
// pending one) when the first has not opened within it, and waits that long
// before reconnecting. The default, 5 s, is shorter than the event loop's
// stalls with hundreds of clients in this one process on 2 shared CPUs, and
// after a lost connection a document may never sync again (see
// servers/automerge-server.mjs): 60 s, as the server's keep-alive.
// AUTOMERGE_RETRY_MS overrides it (5000 is the shipped default).
const RETRY_MS = Number(process.env.AUTOMERGE_RETRY_MS ?? 60_000)

// Document ids derived from (farm, domain, month) as Carnet derives them, so
// every device opens the same November without asking anyone: a UUID v5,
// written as automerge-repo writes ids (base58check of the 16 bytes).
const NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8"
function docId(farm, domain, month) {
  return bs58check.encode(parseUuid(uuidv5(`carnet/${farm}/${domain}/${month}`, NAMESPACE)))
}

// A device's disk: automerge-repo's storage interface over a Map, so a
// device keeps its documents (and its sync states) across app restarts.
class MemoryStorage {
  constructor() {
    this.data = new Map()
  }
  async load(key) {
    return this.data.get(key.join("/"))
  }
  async save(key, value) {
    this.data.set(key.join("/"), value)
  }
  async remove(key) {
    this.data.delete(key.join("/"))
  }
  async loadRange(prefix) {
    const p = prefix.join("/")
    return [...this.data].filter(([k]) => k === p || k.startsWith(`${p}/`)).map(([k, data]) => ({ key: k.split("/"), data }))
  }
  async removeRange(prefix) {
    for (const { key } of await this.loadRange(prefix)) this.data.delete(key.join("/"))
  }
}

/// A device: its storage survives its Repo, which is made anew for each
/// stretch online or offline (the app restarting).
class Device {
  constructor(name) {
    this.name = name
    this.storage = new MemoryStorage()
    this.repo = null
    this.handles = new Map()
  }
  start(online) {
    const network = online ? [new WebSocketClientAdapter(wsUrl, RETRY_MS)] : []
    for (const n of network) n.on("peer-disconnected", () => socketDrops++)
    this.repo = new Repo({
      network,
      storage: this.storage,
      peerId: `${this.name}-${Math.random().toString(36).slice(2)}`,
    })
    this.handles = new Map()
  }
  async stop() {
    await this.repo.flush()
    await this.repo.shutdown()
    this.repo = null
  }
  /// Opens a document: from storage or the server, or makes it empty under
  /// its derived id when nobody has it yet.
  async open(id, create = false) {
    if (this.handles.has(id)) return this.handles.get(id)
    let handle
    if (create) {
      // import() under a given id leaves the handle loading in
      // automerge-repo 2.5 (create() calls doneLoading(), import() does
      // not): finish it as create() does.
      handle = this.repo.import(A.save(A.emptyChange(A.init())), { docId: id })
      handle.doneLoading()
    } else {
      // Under many concurrent requests the server sometimes answers
      // "unavailable" for a document it holds: ask again, as an app would.
      for (let attempt = 1; ; attempt++) {
        try {
          handle = await within(MINUTE, `${this.name} find ${id}`, this.repo.find(id))
          break
        } catch (error) {
          if (attempt >= 10 || !/unavailable/.test(error?.message)) throw error
          console.error(`automerge: ${this.name}: ${id} unavailable, asking again (${attempt})`)
          await new Promise((r) => setTimeout(r, 500))
        }
      }
    }
    this.handles.set(id, handle)
    return handle
  }
  doc(id) {
    return this.handles.get(id).doc()
  }
}

function apply(device, farm, action, months) {
  const m = action.month ?? months.get(action.task)
  const handle = device.handles.get(docId(farm, action.domain, m))
  handle.change((d) => {
    for (const [id, fields] of action.records) d[id] = fields
    for (const [id, fields] of action.updates) Object.assign(d[id], fields)
  })
}

const sameHeads = (a, b) => a.length === b.length && a.every((h, i) => h === b[i])
const heads = (doc) => A.getHeads(doc).slice().sort()

/// Waits until every device's copy of each document has the same heads
/// (each holds every change) and holds the expected records.
let lastProgress = 0
// What the progress line also says: the longest the event loop was blocked,
// and how many times a client's WebSocket to the server was lost.
const loopDelay = monitorEventLoopDelay({ resolution: 20 })
loopDelay.enable()
let socketDrops = 0
async function converged(devices, ids, expected, progress = true) {
  if (progress && Date.now() - lastProgress > 10_000) {
    // Every 10 s, say how far it got: documents whose copies agree, devices
    // holding every expected record.
    lastProgress = Date.now()
    const agree = ids.filter((id) => devices.every((d) => sameHeads(heads(devices[0].doc(id)), heads(d.doc(id))))).length
    const full = devices.filter((d) => {
      const held = new Set(ids.flatMap((id) => Object.keys(d.doc(id))))
      return [...expected].every((r) => held.has(r))
    }).length
    console.error(
      `automerge: ${agree}/${ids.length} documents agree on ${devices.length} devices, ${full} hold every record` +
        ` (driver's event loop blocked up to ${Math.round(loopDelay.max / 1e6)} ms, ${socketDrops} connections lost so far)`,
    )
    loopDelay.reset()
  }
  for (const id of ids) {
    const first = heads(devices[0].doc(id))
    for (const d of devices.slice(1)) if (!sameHeads(first, heads(d.doc(id)))) return false
  }
  for (const d of devices) {
    const held = new Set(ids.flatMap((id) => Object.keys(d.doc(id))))
    for (const r of expected) if (!held.has(r)) return false
  }
  return true
}

/// Counts missing and doubled records (a record in two documents) on a device.
function countRecords(device, ids, expected) {
  const seen = new Map()
  for (const id of ids) for (const k of Object.keys(device.doc(id))) seen.set(k, (seen.get(k) ?? 0) + 1)
  let missing = 0
  let duplicated = 0
  for (const r of expected) {
    const n = seen.get(r) ?? 0
    if (n === 0) missing++
    if (n > 1) duplicated++
  }
  return { missing, duplicated }
}

/// The office writes the catalog and the days on its own device, then waits
/// until a fresh client sees the server hold the same heads.
async function office(farm, catalog, days, months, docIds) {
  const d = new Device(`${farm}-office`)
  d.start(true)
  for (const id of docIds) await d.open(id, true)
  const cat = d.handles.get(docId(farm, "catalog", "all"))
  for (const [id, fields] of catalogRecords(catalog)) cat.change((doc) => { doc[id] = fields })
  for (const day of days) for (const a of dayActions(day)) apply(d, farm, a, months)
  // Wait for the server to hold everything: a fresh client must see it.
  // The office announces its documents asynchronously, so a probe that asks
  // too early is told "unavailable": ask again with a fresh client.
  for (let attempt = 1; ; attempt++) {
    const probe = new Device(`${farm}-probe`)
    probe.start(true)
    try {
      for (const id of docIds) {
        const h = await probe.open(id)
        await until(10 * MINUTE, `server holds ${id}`, () => sameHeads(heads(h.doc()), heads(d.doc(id))), 100)
      }
      await probe.stop()
      return d
    } catch (error) {
      await probe.stop()
      if (attempt >= 20 || !/unavailable/.test(error?.message)) throw error
      await new Promise((r) => setTimeout(r, 500))
    }
  }
}

async function week() {
  const farm = "aubes"
  const months = taskMonths(w)
  const allMonths = new Set()
  for (const day of w.history) for (const [, m] of dayRecordIds(day)) allMonths.add(m)
  const domains = ["tasks", "harvests", "observations"]
  const officeDocs = [docId(farm, "catalog", "all")]
  for (const m of allMonths) for (const dom of domains) officeDocs.push(docId(farm, dom, m))
  const t0 = Date.now()
  const bureau = await office(farm, w.farm, w.history, months, [...new Set(officeDocs)])
  console.error(`automerge: history written and on the server in ${Date.now() - t0} ms`)
  await bureau.stop()

  const scope = [docId(farm, "catalog", "all")]
  for (const m of scopeMonths(w.week_start)) for (const dom of domains) scope.push(docId(farm, dom, m))
  const tablets = w.devices.map((d) => new Device(d.name))

  // Phase 1: every tablet fetches its start-up set (this month and the last).
  await phase("bootstrap", async () => {
    for (const t of tablets) t.start(true)
    await Promise.all(tablets.map((t) => Promise.all(scope.map((id) => t.open(id)))))
    await until(BOUND, "tablets' start-up sets", () => converged(tablets, scope, []), 20)
  })
  for (const t of tablets) await t.stop()

  // The week offline: no network adapter at all.
  for (const t of tablets) {
    t.start(false)
    for (const id of scope) await t.open(id)
  }
  for (let day = 0; day < 7; day++)
    for (const [i, t] of tablets.entries()) for (const a of dayActions(w.devices[i].days[day])) apply(t, farm, a, months)
  for (const t of tablets) await t.stop()

  // Phase 2: all reconnect at once; live sync until all hold the same.
  const expected = weekExpected(w)
  await phase("reconnect", async () => {
    for (const t of tablets) t.start(true)
    await Promise.all(tablets.map((t) => Promise.all(scope.map((id) => t.open(id)))))
    await until(BOUND, "tablets converge", () => converged(tablets, scope, expected), 20)
  })

  let missing = 0
  let duplicated = 0
  let complete = 0
  let valuesMin = Infinity
  let valuesMax = 0
  for (const t of tablets) {
    const c = countRecords(t, scope, expected)
    missing += c.missing
    duplicated += c.duplicated
    if (c.missing === 0 && c.duplicated === 0) complete++
    for (const task of w.shared_tasks) {
      const doc = t.doc(docId(farm, "tasks", months.get(task)))
      const conflicts = A.getConflicts(doc[task], "duration_min")
      const n = conflicts ? Object.keys(conflicts).length : 1
      valuesMin = Math.min(valuesMin, n)
      valuesMax = Math.max(valuesMax, n)
    }
  }
  for (const t of tablets) await t.stop()
  report({
    devices: tablets.length, complete, expected: expected.size, missing, duplicated,
    shared_tasks: w.shared_tasks.length, values_min: valuesMin, values_max: valuesMax,
    values_expected: tablets.length, rounds: 0,
    how: "every value kept in the document (Automerge.getConflicts lists them), but a plain read shows one winner chosen by actor id; the app must ask for conflicts to see the others",
  })
}

async function fleet() {
  const f = w.fleet
  const m = f.date.slice(0, 7)
  const farms = []
  for (let n = 0; n < f.farms; n++) {
    const farm = `ferme-${n}`
    const ids = [docId(farm, "catalog", "all"), ...["tasks", "harvests", "observations"].map((dom) => docId(farm, dom, m))]
    farms.push({ farm, ids, plans: f.devices.filter((d) => d.farm === n), devices: [] })
  }
  // Set-up, farms side by side: the office writes the catalog and opens
  // the month's documents; every device fetches them; all go offline.
  const t0 = Date.now()
  await Promise.all(
    farms.map(async (fm) => {
      const bureau = await office(fm.farm, f.catalog, [], new Map(), fm.ids)
      await bureau.stop()
      fm.devices = fm.plans.map((p) => new Device(p.name))
      for (const d of fm.devices) d.start(true)
      await Promise.all(fm.devices.map((d) => Promise.all(fm.ids.map((id) => d.open(id)))))
      await until(10 * MINUTE, `${fm.farm} set up`, () => converged(fm.devices, fm.ids, []), 100)
      for (const d of fm.devices) await d.stop()
    }),
  )
  console.error(`automerge: ${farms.length} farms set up in ${Date.now() - t0} ms`)
  // Each device's day, offline.
  for (const fm of farms) {
    for (const [i, d] of fm.devices.entries()) {
      d.start(false)
      for (const id of fm.ids) await d.open(id)
      for (const a of dayActions(fm.plans[i].day)) apply(d, fm.farm, a, new Map())
      await d.stop()
    }
    fm.expected = new Set(fm.plans.flatMap((p) => dayRecordIds(p.day).map(([id]) => id)))
  }
  // All devices of all farms connect at once.
  await phase("burst", async () => {
    for (const fm of farms) for (const d of fm.devices) d.start(true)
    await Promise.all(farms.flatMap((fm) => fm.devices.map((d) => Promise.all(fm.ids.map((id) => d.open(id))))))
    let lastFleetProgress = Date.now()
    await until(BOUND, "fleet converges", async () => {
      if (Date.now() - lastFleetProgress > 10_000) {
        // Every 10 s, how many farms have converged (otherwise stop at the
        // first that has not, as before).
        lastFleetProgress = Date.now()
        let done = 0
        for (const fm of farms) if (await converged(fm.devices, fm.ids, fm.expected, false)) done++
        console.error(
          `automerge: ${done}/${farms.length} farms converged (driver's event loop blocked up to ` +
            `${Math.round(loopDelay.max / 1e6)} ms, ${socketDrops} connections lost so far)`,
        )
        loopDelay.reset()
      }
      for (const fm of farms) if (!(await converged(fm.devices, fm.ids, fm.expected, false))) return false
      return true
    }, 50)
  })
  let missing = 0
  let duplicated = 0
  let complete = 0
  let devices = 0
  let expected = 0
  for (const fm of farms) {
    expected = Math.max(expected, fm.expected.size)
    for (const d of fm.devices) {
      devices++
      const c = countRecords(d, fm.ids, fm.expected)
      missing += c.missing
      duplicated += c.duplicated
      if (c.missing === 0 && c.duplicated === 0) complete++
    }
  }
  for (const fm of farms) for (const d of fm.devices) await d.stop()
  report({
    devices, complete, expected, missing, duplicated, shared_tasks: 0, values_min: 0, values_max: 0,
    values_expected: 0, rounds: 0, how: "",
  })
}

try {
  if (scenario === "week") await week()
  else if (scenario === "fleet") await fleet()
  else throw new Error(`unknown scenario ${scenario}`)
  process.exit(0)
} catch (error) {
  console.error(`automerge driver: ${error?.stack ?? error}`)
  process.exit(1)
}
