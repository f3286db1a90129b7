// The PouchDB peer: Node clients (pouchdb-node with the in-memory adapter,
// one database per device) holding the workload's records as JSON
// documents (`_id` = the record's UUID, the same fields as Carnet's records,
// plus `month` so a tablet replicates only its scope, as Carnet's tablets
// sync only this month and the last), replicating with
// servers/pouchdb-server.mjs (one database per farm) through the counting
// proxy. Each client keeps its HTTP connections alive, as a browser would.
//
// Usage: node pouchdb.mjs week|fleet WORKLOAD.json http://127.0.0.1:PORT
// (run by carnet-peers-bench, which answers the phase handshake).
import http from "node:http"
import PouchDB from "pouchdb-node"
import memory from "pouchdb-adapter-memory"
import {
  catalogRecords, dayActions, dayRecordIds, loadWorkload, phase, report, scopeMonths,
  weekExpected, within,
} from "../lib/common.mjs"

PouchDB.plugin(memory)
const [scenario, workloadPath, httpUrl] = process.argv.slice(2)
const w = loadWorkload(workloadPath)
const MINUTE = 60_000
let devices = 0

class Device {
  constructor(name, farm) {
    this.name = name
    this.local = new PouchDB(`${name}-${devices++}`, { adapter: "memory" })
    // Six kept-alive connections per server, as a browser allows.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 6 })
    this.remote = new PouchDB(`${httpUrl}/${farm}`, {
      fetch: (url, opts) => PouchDB.fetch(url, { ...opts, agent }),
    })
    this.agent = agent
  }
  close() {
    this.agent.destroy()
  }
}

/// Writes one action as the app would: new records in one bulk write (a
/// harvest with its weighings), updates as read-modify-write of each record.
async function apply(db, action) {
  if (action.records.length) {
    const docs = action.records.map(([id, fields]) => ({ _id: id, month: action.month, ...fields }))
    const res = await db.bulkDocs(docs)
    for (const r of res) if (r.error) throw new Error(`write ${r.id}: ${r.message}`)
  }
  for (const [id, fields] of action.updates) {
    const doc = await db.get(id)
    await db.put({ ...doc, ...fields })
  }
}

async function writeCatalog(db, catalog) {
  // One write per catalog entry, as entered.
  for (const [id, fields] of catalogRecords(catalog)) await db.put({ _id: id, month: "catalog", ...fields })
}

const scopeSelector = (months) => ({ month: { $in: ["catalog", ...months] } })

/// Holds every expected record? And, for `shared`, every device's edit (one
/// leaf revision each)?
async function holds(device, expected, shared = [], leaves = 0) {
  const all = await device.local.allDocs()
  const have = new Set(all.rows.map((r) => r.id))
  for (const id of expected) if (!have.has(id)) return false
  for (const id of shared) {
    const doc = await device.local.get(id, { conflicts: true })
    if (1 + (doc._conflicts?.length ?? 0) < leaves) return false
  }
  return true
}

/// One round: every device syncs once (push then pull of its scope), all at once.
async function round(all, selector) {
  await Promise.all(
    all.map((d) => within(10 * MINUTE, `${d.name} sync`, d.local.sync(d.remote, { pull: selector ? { selector } : {} }))),
  )
}

async function converge(all, checks, selector, maxRounds = 5) {
  let rounds = 0
  for (;;) {
    rounds++
    await round(all, selector)
    const done = await Promise.all(checks.map((c) => c()))
    console.error(`pouchdb: round ${rounds}: ${done.filter(Boolean).length}/${done.length} complete`)
    if (done.every(Boolean) || rounds >= maxRounds) return rounds
  }
}

async function counts(device, expected) {
  const all = await device.local.allDocs()
  const seen = new Map()
  for (const r of all.rows) seen.set(r.id, (seen.get(r.id) ?? 0) + 1)
  let missing = 0
  let duplicated = 0
  for (const id of expected) {
    const n = seen.get(id) ?? 0
    if (n === 0) missing++
    if (n > 1) duplicated++
  }
  return { missing, duplicated }
}

async function week() {
  const bureau = new Device("bureau", "aubes")
  await bureau.remote.info() // creates the farm's database
  await writeCatalog(bureau.local, w.farm)
  for (const day of w.history) for (const a of dayActions(day)) await apply(bureau.local, a)
  await within(10 * MINUTE, "history upload", bureau.local.replicate.to(bureau.remote))
  bureau.close()

  const selector = scopeSelector(scopeMonths(w.week_start))
  const tablets = w.devices.map((d) => new Device(d.name, "aubes"))
  await phase("bootstrap", async () => {
    await Promise.all(tablets.map((t) => within(10 * MINUTE, `${t.name} first pull`, t.local.replicate.from(t.remote, { selector }))))
  })
  for (let day = 0; day < 7; day++)
    for (const [i, t] of tablets.entries()) for (const a of dayActions(w.devices[i].days[day])) await apply(t.local, a)

  const expected = weekExpected(w)
  let rounds = 0
  await phase("reconnect", async () => {
    rounds = await converge(
      tablets,
      tablets.map((t) => () => holds(t, expected, w.shared_tasks, tablets.length)),
      selector,
    )
  })
  let missing = 0
  let duplicated = 0
  let complete = 0
  let valuesMin = Infinity
  let valuesMax = 0
  for (const t of tablets) {
    const c = await counts(t, expected)
    missing += c.missing
    duplicated += c.duplicated
    if (c.missing === 0 && c.duplicated === 0) complete++
    for (const id of w.shared_tasks) {
      const doc = await t.local.get(id, { conflicts: true })
      const n = 1 + (doc._conflicts?.length ?? 0)
      valuesMin = Math.min(valuesMin, n)
      valuesMax = Math.max(valuesMax, n)
    }
  }
  for (const t of tablets) t.close()
  report({
    devices: tablets.length, complete, expected: expected.size, missing, duplicated,
    shared_tasks: w.shared_tasks.length, values_min: valuesMin, values_max: valuesMax,
    values_expected: tablets.length, rounds,
    how: "each tablet's edit is a conflicting revision of the whole task document; one wins (deterministically, by revision id) and the others stay as `_conflicts` until someone deletes them: kept, but a plain read shows only the winner, and a later edit of the winner leaves the losers behind",
  })
}

async function fleet() {
  const f = w.fleet
  const farms = []
  for (let n = 0; n < f.farms; n++) {
    const plans = f.devices.filter((d) => d.farm === n)
    farms.push({ name: `ferme-${n}`, plans, devices: [], expected: new Set(plans.flatMap((p) => dayRecordIds(p.day).map(([id]) => id))) })
  }
  const selector = scopeSelector([f.date.slice(0, 7)])
  const t0 = Date.now()
  await Promise.all(
    farms.map(async (fm) => {
      fm.devices = fm.plans.map((p) => new Device(p.name, fm.name))
      const bureau = fm.devices[0]
      await bureau.remote.info()
      await writeCatalog(bureau.local, f.catalog)
      await bureau.local.replicate.to(bureau.remote)
      await Promise.all(fm.devices.slice(1).map((d) => d.local.replicate.from(d.remote, { selector })))
    }),
  )
  console.error(`pouchdb: ${farms.length} farms set up in ${Date.now() - t0} ms`)
  for (const fm of farms)
    for (const [i, d] of fm.devices.entries()) for (const a of dayActions(fm.plans[i].day)) await apply(d.local, a)
  const all = farms.flatMap((fm) => fm.devices)
  let rounds = 0
  await phase("burst", async () => {
    rounds = await converge(
      all,
      farms.flatMap((fm) => fm.devices.map((d) => () => holds(d, fm.expected))),
      selector,
    )
  })
  let missing = 0
  let duplicated = 0
  let complete = 0
  for (const fm of farms)
    for (const d of fm.devices) {
      const c = await counts(d, fm.expected)
      missing += c.missing
      duplicated += c.duplicated
      if (c.missing === 0 && c.duplicated === 0) complete++
    }
  for (const d of all) d.close()
  report({
    devices: all.length, complete, expected: Math.max(...farms.map((fm) => fm.expected.size)), missing, duplicated,
    shared_tasks: 0, values_min: 0, values_max: 0, values_expected: 0, rounds, how: "",
  })
}

try {
  if (scenario === "week") await week()
  else if (scenario === "fleet") await fleet()
  else throw new Error(`unknown scenario ${scenario}`)
  process.exit(0)
} catch (error) {
  console.error(`pouchdb driver: ${error?.stack ?? error}`)
  process.exit(1)
}
