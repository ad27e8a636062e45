/**
 * `@gatehouse/testing`: a real Gatehouse per test run, in one line (README.md). Its instances are
 * composed by Gatehouse's composition root with the test powers no served Gatehouse has.
 */
export {
  startGatehouse,
  type IssueTokenRequest,
  type IssuedToken,
  type LoginRequest,
  type LoginTokens,
  type StartOptions,
  type TestGatehouse,
} from './start-gatehouse';
export { GatehouseTestError, type HarnessMethod } from './errors';
export { TEST_SCRYPT_COST } from './test-passwords';
export type {
  EndpointName,
  HttpFault,
  IdTokenDefect,
  NextHooks,
  OAuthFault,
  RecordedRequest,
} from '../../../src/main/http/test-hooks';
export type { AdminApi, AdminErrorCode, AdminResult } from '../../../src/shared/admin-api';
