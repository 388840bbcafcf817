#!/usr/bin/env node
'use strict';
// The published entry point: the CLI bundle built by `npm run build` (run automatically by `npm install`).
require('../dist/cli.js');
