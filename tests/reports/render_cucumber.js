// Renders the Cucumber JSON files of a folder to HTML with multiple-cucumber-html-reporter,
// as QA's CI does: node render_cucumber.js <folder of .json> <report folder>
const report = require("multiple-cucumber-html-reporter");

const [jsonDir, reportPath] = process.argv.slice(2);
report.generate({
  jsonDir,
  reportPath,
  disableLog: true,
  openReportInBrowser: false,
  saveCollectedJSON: false,
  displayDuration: true,
});
