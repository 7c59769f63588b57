export {
  ulawToPcm,
  pcmToUlaw,
  alawToPcm,
  pcmToAlaw,
  ulawToAlaw,
  alawToUlaw,
  ulawToLinear,
  linearToUlaw,
  alawToLinear,
  linearToAlaw,
  ULAW_SILENCE,
  ALAW_SILENCE,
} from './g711.ts';
