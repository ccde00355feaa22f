// The custom functions' files (src/functions): the script, its page and the metadata in three languages.
//   functions.js       compiled to ECMAScript 2016, apart from the ES2020 pane: Office's JavaScript-only
//                      runtime on Windows before Office 2403 / Office 2021 "directly supports the ECMAScript
//                      2016 standard" (learn.microsoft.com/office/dev/add-ins/testing/runtimes)
//   functions.html     the page Office loads the script in where custom functions run in a browser runtime
//   functions.json     custom-functions-metadata's reading of the JSDoc in src/functions/functions.ts
//   functions.kk.json, functions.ru.json   the same with the catalogue's Kazakh and Russian names
// webpack.config.js emits them into the add-in's build (FunctionsPlugin); the tests call these directly.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const SOURCE = path.join(ROOT, 'src/functions/functions.ts');

/** src/functions/metadata.ts, TypeScript (it reads the words catalogue): loaded through tsx, a devDependency. */
function loadLocalizer() {
  return require('tsx/cjs/api').require('../src/functions/metadata.ts', __filename);
}

/**
 * { 'functions.json': text, 'functions.kk.json': text, 'functions.ru.json': text }. `localizer` is
 * src/functions/metadata.ts's module (the tests pass the one their TypeScript loader gives).
 */
async function functionsMetadata(localizer = loadLocalizer()) {
  const { generateCustomFunctionsMetadata } = require('custom-functions-metadata');
  const res = await generateCustomFunctionsMetadata(SOURCE);
  if (res.errors.length > 0) throw new Error(`custom functions' metadata: ${res.errors.join('; ')}`);
  const en = JSON.parse(res.metadataJson);
  const { localizeMetadata, METADATA_FILES } = localizer;
  const out = {};
  for (const f of METADATA_FILES) out[f.file] = `${JSON.stringify(f.lang === 'en' ? en : localizeMetadata(en, f.lang), null, 2)}\n`;
  return out;
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <!-- The custom functions' page (TIZILIM.*): never shown. Where the functions run in a browser runtime
       (Excel on the web, on Mac) Office loads the custom-functions runtime and our script here. -->
  <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' https://appsforoffice.microsoft.com/lib/1/hosted/; frame-src https://appsforoffice.microsoft.com/lib/1/hosted/; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'">
  <title>Tizilim functions</title>
  <script src="https://appsforoffice.microsoft.com/lib/1/hosted/custom-functions-runtime.js"></script>
  <script src="functions.js?v=HASH"></script>
</head>
<body>
</body>
</html>
`;

/** The webpack configuration of functions.js alone. */
function functionsConfig(mode, outDir) {
  const dev = mode !== 'production';
  return {
    context: ROOT,
    mode: dev ? 'development' : 'production',
    devtool: 'source-map',
    target: ['web', 'es2016'],
    entry: { functions: './src/functions/functions.ts' },
    output: { path: outDir, filename: 'functions.js', clean: true },
    resolve: { extensions: ['.ts', '.js'] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              transpileOnly: true,
              configFile: path.join(ROOT, 'tsconfig.json'),
              compilerOptions: { target: 'ES2016', module: 'esnext', moduleResolution: 'bundler', sourceMap: true },
            },
          },
        },
      ],
    },
    performance: { hints: false },
  };
}

/** Builds functions.js (and its map), the page and the metadata: { file name: Buffer }. */
async function buildFunctions(mode = 'production', localizer = loadLocalizer()) {
  const webpack = require('webpack');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tizilim-functions-'));
  try {
    await new Promise((resolve, reject) => {
      webpack(functionsConfig(mode, dir), (err, stats) => {
        if (err) return reject(err);
        if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
        resolve();
      });
    });
    const files = {};
    for (const name of fs.readdirSync(dir)) files[name] = fs.readFileSync(path.join(dir, name));
    // The script's address carries its content's hash, so a browser runtime never runs a stale copy.
    const hash = require('node:crypto').createHash('sha256').update(files['functions.js']).digest('hex').slice(0, 8);
    files['functions.html'] = Buffer.from(PAGE.replace('HASH', hash), 'utf8');
    const meta = await functionsMetadata(localizer);
    for (const name of Object.keys(meta)) files[name] = Buffer.from(meta[name], 'utf8');
    return files;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Emits the functions' files into the add-in's own compilation (so the dev server serves them too). */
/** What the functions' files are made of: a change under one of these builds them again. */
const FUNCTION_SOURCES = [path.join(ROOT, 'src/functions'), path.join(ROOT, 'src/core'), __filename];

class FunctionsPlugin {
  constructor(mode) {
    this.mode = mode;
  }
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('FunctionsPlugin', (compilation) => {
      compilation.hooks.processAssets.tapPromise({ name: 'FunctionsPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, async () => {
        // In watch mode, built again only when a file the functions are made of changed (their glue or the core),
        // not on every recompile of the pane.
        const changed = compiler.modifiedFiles;
        const stale = !this.files || !changed || [...changed].some((f) => FUNCTION_SOURCES.some((dir) => f.startsWith(dir)));
        if (stale) this.files = await buildFunctions(this.mode);
        const files = this.files;
        for (const name of Object.keys(files)) compilation.emitAsset(name, new sources.RawSource(files[name]), { minimized: true });
        for (const file of fs.readdirSync(path.join(ROOT, 'src/functions'))) compilation.fileDependencies.add(path.join(ROOT, 'src/functions', file));
      });
    });
  }
}

module.exports = { functionsMetadata, functionsConfig, buildFunctions, FunctionsPlugin };
