// s3rver in a process of its own (src/platform/storage/testing.ts starts it): with
// --openssl-legacy-provider, since its ListObjectsV2 continuation tokens are DES-encrypted and
// OpenSSL 3 refuses DES otherwise. Prints {"port":N} once listening; stops on SIGTERM.
//   node --openssl-legacy-provider test/s3/s3rver-child.mjs DIRECTORY BUCKET
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.once('SIGTERM', () => {
  server.close().then(() => process.exit(0));
});
