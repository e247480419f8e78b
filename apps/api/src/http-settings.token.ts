/** The injection token of the server's HttpSettings (http-settings.ts). */
export const HTTP_SETTINGS = Symbol('HttpSettings');
