// The add-in build, in the shape of the Office-Addin-TaskPane template:
//   npm run build       production bundle in dist/, manifest rewritten to the deployment URL
//   npm run build:dev   development bundle in dist/ (manifest keeps https://localhost:3000/)
//   npm run dev-server  https://localhost:3000 with the Office dev certificates
// The deployment URL comes from `--env url=https://host/path/` or ADDIN_URL.
// The output directory is dist/ unless TIZILIM_OUT_DIR (or `--output-path`) says otherwise: the
// browser test builds into a directory of its own so that it never races the build test on dist/.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { PLACEHOLDER_URL, normalizeAddinUrl, rewriteManifestUrls } = require('./tools/manifest-url');
// The custom functions (TIZILIM.*): their own ES2016 bundle, page and metadata, see tools/functions-build.js.
const { FunctionsPlugin } = require('./tools/functions-build');

const root = __dirname;
const taskpaneHtml = path.join(root, 'src/taskpane/taskpane.html');
const taskpaneCss = path.join(root, 'src/taskpane/taskpane.css');
const commandsHtml = path.join(root, 'src/commands/commands.html');
const dialogHtml = path.join(root, 'src/commands/dialog.html');
// Plain ES5, copied as it is (never through the ES2020 TypeScript build): the message old webviews show.
const legacyJs = path.join(root, 'src/taskpane/legacy.js');

/** A page's shell with cache-busting hashes on the files it names outside the module graph. */
function shell(file) {
  return fs.readFileSync(file, 'utf8').replace('src="legacy.js"', `src="legacy.js?v=${shortHash(legacyJs)}"`);
}

async function getHttpsOptions() {
  // Required lazily: only the dev server needs certificates (and may install them on first run).
  const devCerts = require('office-addin-dev-certs');
  const httpsOptions = await devCerts.getHttpsServerOptions();
  return { ca: httpsOptions.ca, key: httpsOptions.key, cert: httpsOptions.cert };
}

function deploymentUrl(env) {
  const given = (env && typeof env.url === 'string' && env.url) || process.env.ADDIN_URL;
  if (given) return normalizeAddinUrl(given);
  console.warn(
    `\n[tizilim] No deployment URL given: dist/manifest.xml points at ${PLACEHOLDER_URL}\n` +
      '          Build with ADDIN_URL=https://your.host/path/ or `npm run build -- --env url=https://your.host/path/`.\n',
  );
  return PLACEHOLDER_URL;
}

function shortHash(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 8);
}

/**
 * Prints the task pane's initial JavaScript (what Office loads before the pane shows), raw and
 * gzipped; the worker and the lazily loaded chunks (ExcelJS) are not part of it.
 */
class InitialSizePlugin {
  apply(compiler) {
    compiler.hooks.done.tap('InitialSizePlugin', (stats) => {
      const { entrypoints } = stats.toJson({ all: false, entrypoints: true, assets: false });
      const outDir = stats.compilation.outputOptions.path;
      const entry = entrypoints && entrypoints.taskpane;
      if (!entry) return;
      let raw = 0;
      let gz = 0;
      for (const a of entry.assets) {
        const name = typeof a === 'string' ? a : a.name;
        if (!name.endsWith('.js')) continue;
        const file = path.join(outDir, name);
        if (!fs.existsSync(file)) continue;
        const bytes = fs.readFileSync(file);
        raw += bytes.length;
        gz += zlib.gzipSync(bytes, { level: 9 }).length;
      }
      console.log(`[tizilim] task pane initial JS: ${(raw / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzipped (goal: at most 400 KiB gzipped)`);
    });
  }
}

/** Adds files that are read outside the module graph to the watch list of the dev server. */
class WatchFilesPlugin {
  constructor(files) {
    this.files = files;
  }
  apply(compiler) {
    compiler.hooks.afterCompile.tap('WatchFilesPlugin', (compilation) => {
      for (const file of this.files) compilation.fileDependencies.add(file);
    });
  }
}

module.exports = async (env = {}, options = {}) => {
  const dev = options.mode !== 'production';
  const addinUrl = dev ? null : deploymentUrl(env);
  const serving = Boolean(env.WEBPACK_SERVE);

  const config = {
    context: root,
    mode: dev ? 'development' : 'production',
    // No eval-based source maps: the pages' Content-Security-Policy forbids eval.
    devtool: 'source-map',
    target: ['web', 'es2020'],
    entry: {
      taskpane: ['./src/taskpane/taskpane.ts', './src/taskpane/taskpane.html'],
      commands: './src/commands/commands.ts',
      dialog: './src/commands/dialog.ts',
    },
    output: {
      path: process.env.TIZILIM_OUT_DIR ? path.resolve(process.env.TIZILIM_OUT_DIR) : path.join(root, 'dist'),
      filename: dev ? '[name].js' : '[name].[contenthash:8].js',
      chunkFilename: dev ? '[name].js' : '[name].[contenthash:8].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js'],
      // src/xlsx's readers and writers (loaded lazily, in the worker, for files the user picks and the
      // pack) import Node's fs and path for the CLI's file functions, which the pane never calls.
      fallback: { fs: false, path: false },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              transpileOnly: true, // `tsc --noEmit` type-checks; the bundle only needs JavaScript
              configFile: path.join(root, 'tsconfig.json'),
              compilerOptions: {
                target: 'ES2020',
                module: 'esnext', // keeps import() so ExcelJS lands in a lazily loaded chunk
                moduleResolution: 'bundler',
                jsx: 'react-jsx',
                sourceMap: true,
              },
            },
          },
        },
        {
          // The page shells are in the entries so that editing them rebuilds; HtmlWebpackPlugin
          // renders them (templateContent below), the module itself is only an unused URL.
          test: /\.html$/,
          include: path.join(root, 'src'),
          type: 'asset/resource',
          generator: { emit: false },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        chunks: ['taskpane'],
        // Read on every compilation; the stylesheet link gets a content hash so Office's web view
        // does not keep a stale copy after an update.
        templateContent: () => shell(taskpaneHtml).replace('href="taskpane.css"', `href="taskpane.css?v=${shortHash(taskpaneCss)}"`),
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        chunks: ['commands'],
        templateContent: () => shell(commandsHtml),
      }),
      new HtmlWebpackPlugin({
        filename: 'dialog.html',
        chunks: ['dialog'],
        templateContent: () => shell(dialogHtml),
      }),
      new WatchFilesPlugin([taskpaneHtml, taskpaneCss, commandsHtml, dialogHtml, legacyJs]),
      new InitialSizePlugin(),
      new FunctionsPlugin(dev ? 'development' : 'production'),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*', to: 'assets/[name][ext]' },
          { from: 'src/taskpane/taskpane.css', to: 'taskpane.css' },
          // As written: the minifier must not turn it into a later JavaScript.
          { from: 'src/taskpane/legacy.js', to: 'legacy.js', info: { minimized: true } },
          {
            from: 'manifest*.xml',
            to: '[name][ext]',
            transform: {
              transformer: (content) =>
                dev ? content : Buffer.from(rewriteManifestUrls(content.toString('utf8'), addinUrl), 'utf8'),
              cache: false,
            },
          },
        ],
      }),
    ],
    // The goal is gzipped (InitialSizePlugin prints it, test/build.test.ts asserts it); webpack's hints
    // count raw bytes, so they warn only well above what 400 KiB gzipped can hold. The ExcelJS chunk
    // (about 1 MB, loaded on file import or export only) is not an entry point.
    performance: {
      hints: dev ? false : 'warning',
      maxEntrypointSize: 1400 * 1024,
      maxAssetSize: 1400 * 1024,
      assetFilter: (file) => file.endsWith('.js') && !/xlsx/.test(file),
    },
    devServer: {
      hot: true,
      static: false,
      port: Number(process.env.npm_package_config_dev_server_port) || 3000,
      headers: { 'Access-Control-Allow-Origin': '*' },
      server: serving ? { type: 'https', options: await getHttpsOptions() } : 'https',
    },
  };
  return config;
};
