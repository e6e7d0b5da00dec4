const preset = require("../../jest.preset.js")(__dirname);

// The synth target's Nx executor is JavaScript (Nx loads it without a TypeScript loader, and synth then
// registers Pulumi's; ADR 0018): its coverage counts too.
module.exports = { ...preset, collectCoverageFrom: [...preset.collectCoverageFrom, "<rootDir>/executors/**/*.js"] };
