// ESLint for the whole project: typescript-eslint's recommended rules with type information
// (recommendedTypeChecked: among them no-floating-promises and no-misused-promises, which only
// the types can find), and Prettier owning formatting (eslint-config-prettier turns off the
// rules that would fight it). The project service reads the nearest tsconfig.json of each file.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "bench/out/", "policy/node_modules/", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Pulumi programs create resources for their side effects.
      "no-new": "off",
      // A deprecated input or output of @pulumi/aws (or zod, or the SDK) goes in a later major version.
      "@typescript-eslint/no-deprecated": "error",
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
      // With `any` allowed above, using it is allowed too: the recorded JSON is read by property.
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  prettier,
);
