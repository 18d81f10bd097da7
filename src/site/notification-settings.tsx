/**
 * /ho-so-cua-toi/thong-bao: how a signed-in citizen is told about their dossiers — e-mail, SMS,
 * both, or no messages (slips and results stay on the portal either way).
 */
import type { FastifyInstance } from 'fastify';
import {
  notificationChannelsOf,
  type PreferableChannel,
  setNotificationChannels,
} from '../platform/notify/preferences.ts';
import { Breadcrumbs } from '../web/components/breadcrumbs.tsx';
import { Button, ChoiceGroup, PostForm } from '../web/components/form.tsx';
import { Banner } from '../web/components/panel.tsx';
import { type PageContext, pageContext } from '../web/context.ts';
import { field, formBody, queryOf, seeOther, sendPage, signInPath } from '../web/http.tsx';
import { Layout } from '../web/layout.tsx';

const NOTIFICATION_SETTINGS_PATH = '/ho-so-cua-toi/thong-bao';

const CHOICES: Record<string, PreferableChannel[]> = {
  email: ['email'],
  sms: ['sms'],
  both: ['email', 'sms'],
  none: [],
};

const WORDS = {
  vi: {
    title: 'Nhận thông báo về hồ sơ',
    myDossiers: 'Hồ sơ của tôi',
    question: 'Bạn muốn nhận thông báo khi hồ sơ được tiếp nhận, cần bổ sung, có kết quả… qua kênh nào?',
    hint: 'Thông báo gửi tới thư điện tử và số điện thoại ghi trong hồ sơ. Giấy tờ và kết quả vẫn xem được tại trang Hồ sơ của tôi.',
    email: 'Thư điện tử',
    sms: 'Tin nhắn SMS',
    both: 'Cả thư điện tử và tin nhắn SMS',
    none: 'Không nhận thông báo',
    defaultRule: 'Hiện đang dùng mặc định: thư điện tử nếu hồ sơ có, nếu không thì tin nhắn SMS.',
    save: 'Lưu lựa chọn',
    saved: 'Đã lưu lựa chọn của bạn.',
    zalo: 'Muốn nhận thông báo qua Zalo? Nhắn THEO DÕI <mã số hồ sơ> <mã tra cứu> tới Zalo OA của tỉnh.',
  },
  en: {
    title: 'Notices about my applications',
    myDossiers: 'My applications',
    question: 'How would you like to be told when an application is received, needs more papers, has a result…?',
    hint: 'Notices go to the e-mail and phone number given in the application. Slips and results stay on My applications.',
    email: 'E-mail',
    sms: 'Text message (SMS)',
    both: 'Both e-mail and SMS',
    none: 'No notices',
    defaultRule: 'Now using the default: e-mail when the application has one, else SMS.',
    save: 'Save',
    saved: 'Your choice is saved.',
    zalo: 'Want notices on Zalo? Send THEO DÕI <application code> <tracking key> to the province’s Zalo OA.',
  },
};

function choiceOf(channels: readonly PreferableChannel[]): string {
  return Object.entries(CHOICES).find(([, c]) => c.join() === channels.join())?.[0] ?? '';
}

function SettingsPage(props: { ctx: PageContext; chosen: PreferableChannel[] | undefined; saved: boolean }) {
  const { ctx } = props;
  const w = WORDS[ctx.lang === 'en' ? 'en' : 'vi'];
  return (
    <Layout ctx={ctx} title={w.title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ href: '/ho-so-cua-toi', label: w.myDossiers }, { label: w.title }]} />
      {props.saved ? (
        <Banner title={w.saved} kind="success">
          {null}
        </Banner>
      ) : null}
      <h1>{w.title}</h1>
      {props.chosen === undefined ? <p>{w.defaultRule}</p> : null}
      <PostForm ctx={ctx} action={NOTIFICATION_SETTINGS_PATH}>
        <ChoiceGroup
          ctx={ctx}
          name="channels"
          label={w.question}
          hint={w.hint}
          options={(['email', 'sms', 'both', 'none'] as const).map((value) => ({ value, label: w[value] }))}
          values={props.chosen ? [choiceOf(props.chosen)] : []}
        />
        <Button>{w.save}</Button>
      </PostForm>
      <p>{w.zalo}</p>
    </Layout>
  );
}

export function notificationSettingsRoutes(app: FastifyInstance): void {
  const db = () => app.deps.database.db;
  app.get(NOTIFICATION_SETTINGS_PATH, async (request, reply) => {
    const caller = request.caller;
    if (caller.kind !== 'citizen') return seeOther(reply, signInPath('portal', request.url));
    const chosen = await notificationChannelsOf(db(), caller.id);
    const ctx = pageContext(request, reply, 'portal');
    return sendPage(reply, <SettingsPage ctx={ctx} chosen={chosen} saved={queryOf(request).xong === '1'} />);
  });
  app.post(NOTIFICATION_SETTINGS_PATH, async (request, reply) => {
    const caller = request.caller;
    if (caller.kind !== 'citizen') return seeOther(reply, signInPath('portal', request.url));
    const channels = CHOICES[field(formBody(request), 'channels')];
    // Nothing ticked: show the page again; the choice stays as it was.
    if (channels) await setNotificationChannels(db(), caller, app.deps.config.provinceCode, channels);
    return seeOther(reply, channels ? `${NOTIFICATION_SETTINGS_PATH}?xong=1` : NOTIFICATION_SETTINGS_PATH);
  });
}
