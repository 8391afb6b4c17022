#!/usr/bin/env node
/**
 * Every npm script runs through this launcher, so that `npm install && npm start` and `npm test`
 * work on a machine whose node is older than the app needs (Debian's 20, say):
 *
 *   node bin/node.cjs --fetch          npm's preinstall: on an old node, fetch Node 24 from the npm
 *                                      registry into .tools/ (nothing to do on a fit node)
 *   node bin/node.cjs node web/server.ts
 *   node bin/node.cjs vite build web   run the command with a fit node first on PATH, so that
 *                                      `#!/usr/bin/env node` tools and child processes use it too
 *
 * On a fit node the command runs as it is. On an old one it runs with .tools' node; without that,
 * one line says what was found, what is needed and how to get it, and nothing runs.
 * Plain CommonJS that parses on Node 14+ (see nodeVersion.cjs).
 */
'use strict';
var childProcess = require('child_process');
var fs = require('fs');
var path = require('path');
var check = require('./nodeVersion.cjs');

var root = path.join(__dirname, '..');
var tools = check.toolsNode(root, process.platform, process.arch);
var args = process.argv.slice(2);

function toolsNodeIsFit() {
  try {
    var manifest = JSON.parse(fs.readFileSync(path.join(tools.folder, 'package.json'), 'utf8'));
    return check.isFit(manifest.version) && fs.existsSync(path.join(tools.bin, process.platform === 'win32' ? 'node.exe' : 'node'));
  } catch (error) {
    return false;
  }
}

function refuse() {
  console.error(check.tooOldLine(process.version, process.platform, process.arch));
  process.exit(1);
}

function fetchNode() {
  if (check.isFit(process.version) || toolsNodeIsFit()) return;
  var pkg = `${check.nodePackage(process.platform, process.arch)}@${check.RECOMMENDED}`;
  console.error(`League Pulse: node ${process.version} is too old; fetching ${pkg} from the npm registry into .tools/ (the npm scripts use it)`);
  var npm = process.env.npm_execpath;
  var command = npm ? process.execPath : 'npm';
  var npmArgs = (npm ? [npm] : []).concat(['install', '--prefix', path.join(root, '.tools'), '--no-audit', '--no-fund', '--no-package-lock', pkg]);
  // The outer install's settings (npm_config_*) are about this project, not about .tools.
  var env = {};
  Object.keys(process.env).forEach(function (key) {
    if (!/^npm_/i.test(key)) env[key] = process.env[key];
  });
  var result = childProcess.spawnSync(command, npmArgs, { cwd: root, env: env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0 || !toolsNodeIsFit()) refuse();
}

function run() {
  if (args.length === 0) {
    console.error('usage: node bin/node.cjs --fetch | <command> [arguments…]');
    process.exit(2);
  }
  var env = Object.assign({}, process.env);
  var node = process.execPath;
  if (!check.isFit(process.version)) {
    if (!toolsNodeIsFit()) refuse();
    node = path.join(tools.bin, process.platform === 'win32' ? 'node.exe' : 'node');
    var key =
      Object.keys(env).find(function (name) {
        return name.toUpperCase() === 'PATH';
      }) || 'PATH';
    env[key] = tools.bin + path.delimiter + (env[key] || '');
  }
  var command = args[0] === 'node' ? node : args[0];
  var child = childProcess.spawn(command, args.slice(1), { stdio: 'inherit', env: env, shell: process.platform === 'win32' && args[0] !== 'node' });
  ['SIGINT', 'SIGTERM', 'SIGHUP'].forEach(function (signal) {
    process.on(signal, function () {
      child.kill(signal);
    });
  });
  child.on('error', function (error) {
    console.error(`League Pulse: could not start ${args[0]}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', function (code, signal) {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code === null ? 1 : code);
  });
}

if (args[0] === '--fetch') fetchNode();
else run();
