// Runs before `npm install` installs viper-ts (its preinstall script): on a Node older than package.json's
// "engines" it stops the install with one line, before isolated-vm tries (and fails) to compile itself for
// that Node. Plain CommonJS with old syntax on purpose: it must run on any Node.
"use strict";
var path = require("path");
// `npx viper` in a checkout links the checkout into npm's npx cache, which runs this script too; there the
// launcher (bin/viper.js) starts the CLI with a Node >= 22 it finds or explains how to get one, so the
// check stands aside. An installed copy always lives inside a node_modules folder.
var packageDir = path.resolve(__dirname, "..");
var checkoutRunByNpx = process.env.npm_command === "exec" && packageDir.split(path.sep).indexOf("node_modules") === -1;
if (checkoutRunByNpx) return;
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
