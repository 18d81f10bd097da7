/** The Zalo OA chat: webhook, conversation, followers' contact details. */
export { HELP_TEXT, handleZaloEvent, type ZaloChatContext } from './chat.ts';
export { type ChatCommand, parseChat } from './commands.ts';
export { zaloWebhookRoutes } from './routes.ts';
export { zaloFollowers } from './schema.ts';
