// Vitest: the DOM is happy-dom; nothing else is set up globally.
export {};
