/** `/api/v1/me/notification-preferences`: how a signed-in citizen is told about their dossiers. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireSignedIn } from '../auth/index.ts';
import { typed } from '../http/app.ts';
import { notificationChannelsOf, PREFERABLE_CHANNELS, setNotificationChannels } from './preferences.ts';

const tags = ['notifications'];
const Preferences = Type.Object(
  {
    channels: Type.Array(Type.Enum([...PREFERABLE_CHANNELS]), {
      maxItems: PREFERABLE_CHANNELS.length,
      description: 'In order of preference; [] for no notices',
    }),
    /** False while the account never chose: the default rule (e-mail if given, else SMS) applies. */
    chosen: Type.Boolean(),
  },
  { additionalProperties: false },
);

export async function notifyRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const db = () => app.deps.database.db;
  r.get(
    '/api/v1/me/notification-preferences',
    { schema: { tags, summary: 'Kênh nhận thông báo về hồ sơ của tôi', response: { 200: Preferences } } },
    async (request) => {
      const caller = requireSignedIn(request.caller);
      const channels = await notificationChannelsOf(db(), caller.id);
      return { channels: channels ?? [], chosen: channels !== undefined };
    },
  );
  r.put(
    '/api/v1/me/notification-preferences',
    {
      schema: {
        tags,
        summary: 'Chọn kênh nhận thông báo về hồ sơ (thư điện tử, tin nhắn SMS, hoặc không nhận)',
        body: Type.Pick(Preferences, ['channels']),
        response: { 200: Preferences },
      },
    },
    async (request) => {
      requireSignedIn(request.caller);
      const channels = await setNotificationChannels(
        db(),
        request.caller,
        app.deps.config.provinceCode,
        request.body.channels,
      );
      return { channels, chosen: true };
    },
  );
}
