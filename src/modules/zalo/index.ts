/** The Zalo OA chat: webhook, conversation, followers' contact details. */
export { handleZaloEvent } from './chat.ts';
/** Its operations in the OpenAPI description and who may call its routes (src/site/routes.ts). */
export { zaloOperations } from './operations.ts';
export { zaloRouteRules } from './route-rules.ts';
export { zaloWebhookRoutes } from './routes.ts';
