/** stricture: see the matching issue; exports are added as the module grows. */
export {};
