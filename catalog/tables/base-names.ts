/**
 * What a base image's name says about it before AWS is asked. Shared by the catalog's rules
 * (`validate`) and the policy pack's base-image-64-bit, so both refuse the same names.
 */

/** Names of 32-bit x86 images: `i386`, `i686`, `x86_32`, `32-bit`. */
export const THIRTY_TWO_BIT_NAME = /i[36]86|x86[-_]?32(?!\d)|(^|[^\d])32-?bit/i;
