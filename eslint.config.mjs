// Lint for every project. Module boundaries follow the layer contract: stacks never import stacks,
// libs never import stacks, and each project depends only on the kinds of libs below it.
import nx from "@nx/eslint-plugin";
import tseslint from "typescript-eslint";

export default [
  { ignores: ["**/node_modules/**", "**/dist/**", "**/coverage/**", "**/.nx/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { "@nx": nx },
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@nx/enforce-module-boundaries": [
        "error",
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: "type:stack", onlyDependOnLibsWithTags: ["type:util", "type:contract", "type:testing"] },
            { sourceTag: "type:contract", onlyDependOnLibsWithTags: ["type:util"] },
            { sourceTag: "type:util", onlyDependOnLibsWithTags: ["type:util"] },
            // The plan lib produces plans with the mock harness (synth) and owns their format, so it sits
            // above type:testing and below everything that reads a plan.
            { sourceTag: "type:plan", onlyDependOnLibsWithTags: ["type:util", "type:contract", "type:testing"] },
            { sourceTag: "type:policy", onlyDependOnLibsWithTags: ["type:util", "type:contract", "type:testing", "type:plan"] },
            // Tools judge plans with the policy evaluator (plan:diff); policies never depend on tools, so no cycle.
            { sourceTag: "type:tool", onlyDependOnLibsWithTags: ["type:util", "type:contract", "type:testing", "type:plan", "type:policy"] },
            { sourceTag: "type:testing", onlyDependOnLibsWithTags: ["type:util", "type:contract"] },
            { sourceTag: "scope:security", onlyDependOnLibsWithTags: ["scope:shared"] },
            { sourceTag: "scope:network", onlyDependOnLibsWithTags: ["scope:shared"] },
            { sourceTag: "scope:data", onlyDependOnLibsWithTags: ["scope:shared"] },
            { sourceTag: "scope:compute", onlyDependOnLibsWithTags: ["scope:shared"] },
          ],
        },
      ],
    },
  },
  {
    // Tests may use the mock harness whatever the project's type; production code may not.
    files: ["**/tests/**/*.ts", "**/*.test.ts"],
    rules: {
      "@nx/enforce-module-boundaries": [
        "error",
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: "type:stack", onlyDependOnLibsWithTags: ["type:util", "type:contract", "type:testing"] },
            { sourceTag: "*", onlyDependOnLibsWithTags: ["type:util", "type:contract", "type:testing", "type:plan", "type:policy"] },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
    languageOptions: { globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" } },
  },
];
