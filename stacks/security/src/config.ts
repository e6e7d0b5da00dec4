import { LayerConfig, loadLayerConfig } from "@fin/config";

export type SecurityConfig = LayerConfig;

/** The security layer needs only the keys every layer has. */
export function loadSecurityConfig(): SecurityConfig {
  return loadLayerConfig("security", () => ({}));
}
