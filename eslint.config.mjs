// ESLint for the whole project: typescript-eslint's recommended rules with type information,
// and Prettier owning formatting (eslint-config-prettier turns off the rules that would fight it).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "bench/out/", "policy/node_modules/", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Pulumi programs create resources for their side effects.
      "no-new": "off",
    },
  },
  {
    // Tests read recorded resource inputs, which are JSON of any shape.
    files: ["tests/**/*.ts"],
    // Chai's property assertions (`expect(x).to.be.empty`) are expressions by design.
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
  prettier,
);
