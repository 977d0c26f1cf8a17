// SPDX-License-Identifier: MIT
// The Reticulum config file: parse, validate, build interfaces, edit.
export { parseConfigText } from './configobj.js';
export type { ConfigSection, ConfigSyntaxIssue, ConfigValue, ParsedConfig } from './configobj.js';
export type { ConfigIssue } from './values.js';
export { SUPPORTED_TYPES, UNSUPPORTED_TYPES, interfaceConfigFromSection } from './interface-options.js';
export type { CommonInterfaceConfig, InterfaceConfig, InterfaceConfigResult } from './interface-options.js';
export { loadReticulumConfig } from './reticulum-config.js';
export type { LoggingSettings, ReticulumConfig, ReticulumSettings } from './reticulum-config.js';
export { createInterfacesFromConfig } from './create-interfaces.js';
export type { CreateOptions, CreatedInterface } from './create-interfaces.js';
export { DEFAULT_CONFIG_TEXT } from './default-config.js';
export { formatInterfaceBlock, removeInterfaceBlock, upsertInterfaceBlock } from './edit.js';
