// Runs before `npm install` installs viper-ts (its preinstall script): on a Node older than package.json's
// "engines" it stops the install with one line, before isolated-vm tries (and fails) to compile itself for
// that Node. Plain CommonJS with old syntax on purpose: it must run on any Node.
"use strict";
var engines = require("../package.json").engines.node; // e.g. ">=22.18.0"
var needed = engines.replace(/^>=\s*/, "").split(".").map(Number);
var running = process.versions.node.split(".").map(Number);
var older = false;
for (var index = 0; index < needed.length; index++) {
  if (running[index] !== needed[index]) {
    older = running[index] < needed[index];
    break;
  }
}
if (older) {
  process.stderr.write(
    "viper-ts needs Node.js " + engines + " (this is " + process.version + "): install Node " + needed[0] +
      " or newer from https://nodejs.org (or `nvm install " + needed[0] + "`), then run npm install again.\n",
  );
  process.exit(1);
}
