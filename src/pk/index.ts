export { INFLIXIMAB_MW_KDA, occupancyUgMlVsKdNm, receptorOccupancy } from "./occupancy";
