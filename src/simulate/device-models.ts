/**
 * The phones of October 2010 as data (domain.md 2.4 and 7). A model fixes what the
 * logs show of a device: DeviceType, user agent, EAS version, DeviceId shape and
 * how it talks (heartbeat, anonymous 401 first, base64 query).
 */

export type DeviceIdStyle = 'appl' | 'android' | 'touchdown' | 'windows-mobile';

export interface DeviceModel {
  deviceType: string;
  /** As IIS logs it: spaces already written as '+'. */
  userAgent: string;
  /** EAS versions x10 the model may speak; one is chosen per device. */
  protocols: readonly number[];
  idStyle: DeviceIdStyle;
  /** Ping heartbeats in seconds (Log= Hb). */
  heartbeats: readonly number[];
  /** iOS sends each session's first request without credentials and gets 401.2 (the challenge). */
  challengeFirst: boolean;
  /** Windows Mobile 6.x uses the base64 query form (MS-ASHTTP 2.2.1.1.1.1). */
  base64Query: boolean;
  /** Query parameter order: iOS starts with User=, Android mail with Cmd= (domain.md 2.2). */
  cmdFirst: boolean;
}

export const deviceModels = {
  // iOS 3.1.3 (7E18) on an iPhone 3GS: EAS 12.1
  'iphone-ios3': { deviceType: 'iPhone', userAgent: 'Apple-iPhone2C1/705.18', protocols: [121], idStyle: 'appl', heartbeats: [1680], challengeFirst: true, base64Query: false, cmdFirst: false },
  // iPhone 3G, blocked by an ABQ rule in the scenario
  'iphone3g-ios3': { deviceType: 'iPhone', userAgent: 'Apple-iPhone1C2/705.18', protocols: [121], idStyle: 'appl', heartbeats: [1680], challengeFirst: true, base64Query: false, cmdFirst: false },
  // iOS 4.0 (8A293): the release with the re-sync loop (ActiveSyncReport.ps1 post, domain.md 8)
  'iphone-ios40': { deviceType: 'iPhone', userAgent: 'Apple-iPhone2C1/801.293', protocols: [141], idStyle: 'appl', heartbeats: [1680], challengeFirst: true, base64Query: false, cmdFirst: false },
  // iOS 4.1 (8B117) on an iPhone 4
  'iphone-ios41': { deviceType: 'iPhone', userAgent: 'Apple-iPhone3C1/802.117', protocols: [141], idStyle: 'appl', heartbeats: [1680, 1740], challengeFirst: true, base64Query: false, cmdFirst: false },
  // iOS 3.2.2 (7B500): the only iPad release in October 2010
  'ipad-ios32': { deviceType: 'iPad', userAgent: 'Apple-iPad1C1/702.500', protocols: [121], idStyle: 'appl', heartbeats: [1680], challengeFirst: true, base64Query: false, cmdFirst: false },
  'touchdown': { deviceType: 'TouchDown', userAgent: 'TouchDown(MSRPC)/7.1.0005', protocols: [120, 25], idStyle: 'touchdown', heartbeats: [900], challengeFirst: false, base64Query: false, cmdFirst: false },
  // Galaxy S native mail: no device encryption, so it cannot take a policy that requires it
  'android-samsung': { deviceType: 'SAMSUNGSGHI897', userAgent: 'SAMSUNG-SGH-I897/100.202', protocols: [121], idStyle: 'android', heartbeats: [900], challengeFirst: false, base64Query: false, cmdFirst: true },
  'android-htc': { deviceType: 'HTCAndroid', userAgent: 'HTC-EVO4G/1.0', protocols: [121], idStyle: 'android', heartbeats: [900], challengeFirst: false, base64Query: false, cmdFirst: true },
  'android-mail': { deviceType: 'Android', userAgent: 'Android-Mail/2.2', protocols: [121], idStyle: 'android', heartbeats: [900, 1680], challengeFirst: false, base64Query: false, cmdFirst: true },
  'wm-pocketpc': { deviceType: 'PocketPC', userAgent: 'MSFT-PPC/5.2.5082', protocols: [121], idStyle: 'windows-mobile', heartbeats: [1680, 900], challengeFirst: false, base64Query: true, cmdFirst: false },
  'wm-smartphone': { deviceType: 'SmartPhone', userAgent: 'Microsoft-AirSync/3.0', protocols: [140], idStyle: 'windows-mobile', heartbeats: [1680], challengeFirst: false, base64Query: true, cmdFirst: false },
} as const satisfies Record<string, DeviceModel>;

export type ModelId = keyof typeof deviceModels;

/** How common each model is among the healthy background devices. */
export const backgroundModelWeights: readonly (readonly [ModelId, number])[] = [
  ['iphone-ios41', 30],
  ['iphone-ios40', 6],
  ['iphone-ios3', 12],
  ['ipad-ios32', 14],
  ['android-htc', 9],
  ['android-samsung', 6],
  ['android-mail', 9],
  ['touchdown', 5],
  ['wm-pocketpc', 3],
  ['wm-smartphone', 2],
];
