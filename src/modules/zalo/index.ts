/** The Zalo OA chat: webhook, conversation, followers' contact details. */
export { handleZaloEvent } from './chat.ts';
export { zaloWebhookRoutes } from './routes.ts';
