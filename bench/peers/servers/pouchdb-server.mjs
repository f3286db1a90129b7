// The PouchDB replication peer: express-pouchdb (the server half of
// pouchdb-server) over pouchdb-node, whose databases are LevelDB folders on
// disk. Usage: node pouchdb-server.mjs DATA_DIR; prints `listening PORT`
// once it accepts connections on 127.0.0.1.
import express from "express"
import PouchDB from "pouchdb-node"
import expressPouchDB from "express-pouchdb"

const dir = process.argv[2]
if (!dir) {
  console.error("usage: node pouchdb-server.mjs DATA_DIR")
  process.exit(64)
}
const Disk = PouchDB.defaults({ prefix: `${dir}/` })
const app = express()
// CouchDB (2.0+) filters a replication by a Mango selector sent in the body
// of POST /db/_changes?filter=_selector; express-pouchdb 4.2 passes only
// `doc_ids` from that body to PouchDB's changes(), which then looks for a
// design document called `_selector` and answers 404. Hand the selector over
// as CouchDB would, so clients can replicate only their scope.
app.post("/:db/_changes", express.json({ limit: "50mb" }), (req, _res, next) => {
  if (req.query.filter === "_selector" && req.body?.selector) req.query.selector = req.body.selector
  next()
})
// minimumForPouchDB: the routes replication needs, without Fauxton or the
// CouchDB config and log endpoints (their files go in the data folder).
app.use(
  "/",
  expressPouchDB(Disk, {
    mode: "minimumForPouchDB",
    configPath: `${dir}/config.json`,
    logPath: `${dir}/log.txt`,
  }),
)
const server = app.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`))
