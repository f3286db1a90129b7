// Exports nothing: cbor-x then decodes in JavaScript (see package.json).
module.exports = undefined
