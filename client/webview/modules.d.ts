// Cytoscape extensions without their own type declarations: each exports a plugin registrar.
declare module 'cytoscape-svg' {
  const register: (cytoscape: unknown) => void;
  export default register;
}
