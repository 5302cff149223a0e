/** The engine's version: part of every result and link; bump it whenever a rule change alters results. */
export const ENGINE_VERSION = '0.2.0-alpha.37';
