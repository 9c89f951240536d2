/**
 * Limits outside AWS that the markdown plan must stay within, each written once with where it
 * is documented. Everything that sizes the pull-request comment derives from these.
 */

/**
 * The most characters GitHub accepts in an issue or pull-request comment, and in an issue's body:
 * the REST API answers a longer body with 422 "Body is too long (maximum is 65536 characters)"
 * (https://docs.github.com/rest/issues/comments#create-an-issue-comment;
 * https://github.com/orgs/community/discussions/27190; for an issue, `"resource": "Issue",
 * "field": "body"`: https://github.com/PyGithub/PyGithub/issues/1906).
 */
export const GITHUB_COMMENT_MAX = 65_536;

/**
 * Mermaid's default `maxTextSize`: a longer diagram is not drawn ("Maximum text size in diagram
 * exceeded"). https://mermaid.js.org/config/schema-docs/config.html#maxtextsize
 */
export const MERMAID_MAX_TEXT_SIZE = 50_000;

/**
 * Mermaid's default `maxEdges`: a flowchart with more edges is not drawn.
 * https://mermaid.js.org/config/schema-docs/config.html#maxedges
 */
export const MERMAID_MAX_EDGES = 500;

/**
 * What the whole pull-request comment may take: GitHub's maximum less room for what the
 * comment action and the workflow add around the plans (a hidden header, the run's links).
 */
export const COMMENT_BUDGET = GITHUB_COMMENT_MAX - 1_536;
