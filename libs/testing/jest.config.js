const preset = require("../../jest.preset.js")(__dirname);

// The Jest runtime every project uses (jest/, plain JavaScript that jest-runner loads with Node's
// require): its coverage counts too.
module.exports = { ...preset, collectCoverageFrom: [...preset.collectCoverageFrom, "<rootDir>/jest/**/*.js"] };
