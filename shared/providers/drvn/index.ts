/** DRVN (drvn-test.click/api/docs): human interviews booked into slots (driver recruitment, UK). */
export { createDrvnProvider, drvnAdapterErrorCodes, type DrvnProvider, type DrvnProviderOptions } from './adapter.ts';
export { DrvnClient, DRVN_API, type DrvnClientOptions } from './client.ts';
export { drvnErrorCodes, formEncode } from './transport.ts';
export { planDrvnSlot, SLOT_STEP_MINUTES, type DrvnSlot } from './slot.ts';
export { toDrvnStatus, type DrvnInterview } from './schemas.ts';
