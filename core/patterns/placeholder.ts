/** The placeholder written for every masked value, in masked messages and in templates. */
export const VAR = '<*>';
