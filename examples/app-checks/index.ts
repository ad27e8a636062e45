/** Three sample resource servers for app checks (README.md): right, signature only, decode only. */
export { ORDERS_PATH, bearerToken, type SampleApi } from './serve-api';
export { startVerifierApi, type VerifierApiOptions } from './verifier-api';
export { startSignatureOnlyApi, type SignatureOnlyApiOptions } from './signature-only-api';
export { startDecodeOnlyApi } from './decode-only-api';
