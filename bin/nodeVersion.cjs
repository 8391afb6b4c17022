/**
 * Which Node runs League Pulse, decided in plain CommonJS so that it parses on any Node from 14 on:
 * the check must run on the old node it is there to refuse. No TypeScript, no `??`, no top-level await.
 */
'use strict';
var path = require('path');

/** The oldest Node that runs the app (node:sqlite, type stripping); Node 24 LTS is what we test on. */
var NEEDED = { major: 22, minor: 17 };
var RECOMMENDED = 24;

/** True when `version` ("v22.17.0" or "22.17.0") is NEEDED or later. */
function isFit(version) {
  var parts = String(version).replace(/^v/, '').split('.').map(Number);
  var major = parts[0] || 0;
  var minor = parts[1] || 0;
  return major > NEEDED.major || (major === NEEDED.major && minor >= NEEDED.minor);
}

/** The npm package holding a Node binary for this machine (the same packages `.ci/run` installs). */
function nodePackage(platform, arch) {
  return `node-${platform === 'win32' ? 'win' : platform}-${arch}`;
}

/** Where `npm install --prefix .tools node-<os>-<arch>@24` puts its node. */
function toolsNode(root, platform, arch) {
  var folder = path.join(root, '.tools', 'node_modules', nodePackage(platform, arch));
  return { folder: folder, bin: platform === 'win32' ? folder : path.join(folder, 'bin') };
}

/** The one line that says what is wrong and how to put it right. */
function tooOldLine(found, platform, arch) {
  var pkg = nodePackage(platform || 'linux', arch || 'x64');
  return (
    'League Pulse needs Node >= ' +
    NEEDED.major +
    '.' +
    NEEDED.minor +
    ' (Node ' +
    RECOMMENDED +
    ' LTS recommended), found ' +
    'v' +
    String(found).replace(/^v/, '') +
    ': run `nvm install` or `fnm use` here (they read .nvmrc), ' +
    'or `npm install --prefix .tools ' +
    pkg +
    '@' +
    RECOMMENDED +
    '` and put .tools/node_modules/' +
    pkg +
    '/bin first on PATH.'
  );
}

module.exports = { NEEDED: NEEDED, RECOMMENDED: RECOMMENDED, isFit: isFit, nodePackage: nodePackage, toolsNode: toolsNode, tooOldLine: tooOldLine };
