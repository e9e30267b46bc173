#!/usr/bin/env node
// Parse a bibliography export with citation-js 0.7 and print a normalised JSON list.
//
//   node citationjs.mjs FILE FORMAT        FORMAT = bibtex | ris | csl   (packages: npm ci --prefix tests)
//
// stdout: [{"id", "title", "authors": ["Given Family", ...], "year"}, ...]
// Exit status: 0 on success; 1 if parsing throws, if citation-js logs anything at level
// warn/error (its way of reporting tolerated problems, e.g. plugin-bibtex's
// `entry started with "{", but ends with ")"` or core's chain errors), or if our own
// consistency checks fail (record count in the source != items parsed, duplicate ids,
// items without title or id, RIS records without ER); 2 on bad usage. Problems are printed to stderr.
//
// How citation-js 0.7 reports problems: `require('@citation-js/core').logger` is a small
// object with methods http/debug/unmapped/info/warn/error that all go through
// `logger._output(level, scope, msg)` (and keep a `_log` array without levels); by default
// `logger.level = 'silent'` so nothing is printed. We wrap `_output` to capture the level.
// Syntax errors from the BibTeX/RIS grammars are thrown (core logs them at 'error' first).
// plugin-bibtex's own `parse.strict` option is NOT enabled: it validates required fields
// per entry type and rejects @misc in biblatex mode ("invalid type"), which is what the
// survey exports use.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const core = require('@citation-js/core')
require('@citation-js/plugin-bibtex')
require('@citation-js/plugin-ris')
require('@citation-js/plugin-csl')

const { Cite, logger } = core

const FATAL_LEVELS = new Set(['warn', 'error'])
const problems = []
const notices = []
const originalOutput = logger._output
logger.level = 'silent'
logger._output = function (level, scope, msg) {
  const text = `${level} ${scope} ${msg.map(m => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ')}`
  if (FATAL_LEVELS.has(level)) problems.push(text)
  else if (level === 'unmapped' || level === 'info') notices.push(text)
  return originalOutput.call(this, level, scope, msg)
}

function usage (msg) {
  process.stderr.write(`${msg}\nusage: node citationjs.mjs FILE bibtex|ris|csl\n`)
  process.exit(2)
}

function fail (msgs) {
  for (const m of [].concat(msgs)) process.stderr.write(`error: ${m}\n`)
  process.exit(1)
}

// CSL-JSON titles may carry citeproc-js rich-text markup (the survey's CSL export protects
// case with <span class="nocase">…</span>); citation-js passes it through unchanged. The
// JSON we print is plain text, so the markup tags are removed and the entities that
// citeproc-js escapes (&amp; &lt; &gt; &quot; &#39;) are decoded.
const MARKUP = /<\/?(?:i|b|sup|sub|span(?:\s+(?:class="nocase"|style="font-variant:\s*small-caps;?"))?)\s*>/g
function plainText (s) {
  if (typeof s !== 'string') return s ?? null
  return s.replace(MARKUP, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

// BibTeX's "and others" (= et al.) comes out of plugin-bibtex as a person {family: 'others'};
// it is not an author, so a trailing one is dropped.
function isEtAl (p) {
  return p && typeof p === 'object' && !p.given &&
    ['others'].includes(String(p.family ?? p.literal ?? '').trim().toLowerCase())
}

function personName (p) {
  if (!p || typeof p !== 'object') return String(p ?? '')
  if (p.literal) return String(p.literal).trim()
  const given = [p.given, p['dropping-particle']].filter(Boolean).join(' ')
  const family = [p['non-dropping-particle'], p.family].filter(Boolean).join(' ')
  let name = [given, family].filter(Boolean).join(' ')
  if (p.suffix) name += (p['comma-suffix'] ? ', ' : ' ') + p.suffix
  return name.replace(/\s+/g, ' ').trim()
}

function yearOf (issued) {
  if (!issued) return null
  const parts = issued['date-parts']
  if (Array.isArray(parts) && Array.isArray(parts[0]) && parts[0][0] != null) {
    const y = parseInt(parts[0][0], 10)
    return Number.isNaN(y) ? null : y
  }
  const m = /\b(\d{4})\b/.exec(issued.raw || issued.literal || '')
  return m ? parseInt(m[1], 10) : null
}

// number of records the source declares, to catch entries silently skipped as junk
function expectedCount (text, format, data) {
  if (format === 'bibtex') {
    const re = /^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]/gm
    let n = 0
    for (const m of text.matchAll(re)) {
      if (!['string', 'preamble', 'comment'].includes(m[1].toLowerCase())) n++
    }
    return n
  }
  if (format === 'ris') return (text.match(/^TY {2}- /gm) || []).length
  return Array.isArray(data) ? data.length : 1
}

const [file, format] = process.argv.slice(2)
if (!file || !format) usage('missing arguments')
if (!['bibtex', 'ris', 'csl'].includes(format)) usage(`unknown format: ${format}`)

let text
try {
  text = readFileSync(file, 'utf8')
} catch (e) {
  fail(`cannot read ${file}: ${e.message}`)
}

let cite
let data = null
try {
  if (format === 'bibtex') {
    cite = new Cite(text, { forceType: '@bibtex/text' })
  } else if (format === 'ris') {
    cite = new Cite(text, { forceType: '@ris/file' })
  } else {
    data = JSON.parse(text)
    if (!Array.isArray(data)) throw new TypeError('CSL-JSON input must be an array of items')
    cite = new Cite(data, { forceType: '@csl/list+object' })
  }
} catch (e) {
  fail([...problems, `citation-js could not parse ${file} as ${format}: ${e && e.message ? e.message : e}`])
}

const items = cite.data.map(item => ({
  id: item.id ?? null,
  title: plainText(item.title),
  authors: (item.author || []).filter((p, i, all) => !(i === all.length - 1 && isEtAl(p))).map(personName),
  year: yearOf(item.issued)
}))

const expected = expectedCount(text, format, data)
if (expected !== items.length) {
  problems.push(`source declares ${expected} records but citation-js returned ${items.length}`)
}
if (format === 'ris') {
  const ends = (text.match(/^ER {2}-/gm) || []).length
  if (ends !== expected) problems.push(`RIS has ${expected} TY lines but ${ends} ER lines (unterminated record)`)
}
const seen = new Map()
for (const it of items) {
  seen.set(it.id, (seen.get(it.id) || 0) + 1)
  if (!it.title) problems.push(`item ${it.id} has no title`)
  // citation-js invents "temp_id_<random>" when a record has no id (RIS ID, BibTeX key, CSL id)
  if (it.id == null || /^temp_id_\d+$/.test(String(it.id))) problems.push(`an item has no id (title: ${it.title})`)
}
for (const [id, n] of seen) if (n > 1) problems.push(`id ${id} occurs ${n} times`)

if (problems.length) fail(problems)
if (process.env.CITATIONJS_VERBOSE) for (const n of notices) process.stderr.write(`note: ${n}\n`)
process.stdout.write(JSON.stringify(items, null, 1) + '\n')
