export { FakeDiscord } from './server.js';
export {
  opt,
  InteractionHandle,
  type CallbackRecord,
  type InteractionSpec,
  type CommandInteractionSpec,
  type AutocompleteInteractionSpec,
  type ButtonInteractionSpec,
  type ModalSubmitInteractionSpec,
  type InteractionActorSpec,
  type OptionInput,
} from './interactions.js';
export type { AttachmentInput, FakeDiscordOptions, RecordedFile, RecordedRequest } from './state.js';
export type { GatewayConnectionInfo, GatewayFrame } from './gateway.js';
export {
  DEFAULT_APP_PERMISSIONS,
  DEFAULT_MEMBER_PERMISSIONS,
  makeMessage,
  makeUser,
  snowflake,
  type PermissionsInput,
} from './fixtures.js';
export { noIdentifyThrottle } from './client-options.js';
