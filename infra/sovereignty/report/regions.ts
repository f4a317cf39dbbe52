/** Where the regions the report may meet are (ESC-FACTS: eusc-de-east-1 is in Brandenburg). */
export const REGION_LOCATIONS: Readonly<
  Record<string, { place: string; country: string; jurisdiction: string }>
> = Object.freeze({
  'eusc-de-east-1': { place: 'Brandenburg, Germany', country: 'DE', jurisdiction: 'EU' },
});
