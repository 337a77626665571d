// Copies Chart.js's own minified UMD build into the Django static tree, with its licence.
// Run with `npm ci && npm run build` in indicators/frontend; the output is committed so that
// `make demo` works without Node.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, "node_modules", "chart.js");
const out = join(here, "..", "..", "static", "indicators", "vendor");
mkdirSync(out, { recursive: true });
const version = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).version;
copyFileSync(join(pkg, "dist", "chart.umd.min.js"), join(out, "chart.umd.min.js"));
// The minified file names its source map; without the map, collectstatic's manifest storage fails.
copyFileSync(join(pkg, "dist", "chart.umd.min.js.map"), join(out, "chart.umd.min.js.map"));
copyFileSync(join(pkg, "LICENSE.md"), join(out, "chart.js.LICENSE.md"));
console.log(`chart.js ${version} -> static/indicators/vendor/chart.umd.min.js`);
