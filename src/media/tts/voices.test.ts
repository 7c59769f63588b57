import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { espeakVoiceFor } from './espeak.ts';
import { POLLY_VOICES } from './twilio-voices.ts';
import { LANGUAGES, chooseVoice, resolveLanguage } from './voices.ts';

const pick = (voice?: string, language?: string) => {
  const c = chooseVoice(voice, language);
  return [c.language, c.gender, c.fallback];
};

describe('Twilio voice and language mapping', () => {
  it('defaults to man in en-US, as Twilio does', () => {
    assert.deepEqual(pick(), ['en-US', 'male', false]);
    assert.equal(espeakVoiceFor(chooseVoice(undefined, undefined)), 'en-us+m3');
  });

  it('maps man, woman and alice to a gender in the language attribute', () => {
    assert.deepEqual(pick('man', 'en-GB'), ['en-GB', 'male', false]);
    assert.deepEqual(pick('woman', 'fr-FR'), ['fr-FR', 'female', false]);
    assert.deepEqual(pick('alice', 'de-DE'), ['de-DE', 'female', false]);
    assert.deepEqual(pick('WOMAN', 'es-es'), ['es-ES', 'female', false]);
    assert.equal(espeakVoiceFor(chooseVoice('woman', 'en-US')), 'en-us+f3');
    assert.equal(espeakVoiceFor(chooseVoice('man', 'es-MX')), 'es-419+m3');
  });

  it("reads the bare codes Twilio's man/woman voices use (en, en-gb, es, fr, de)", () => {
    assert.deepEqual(['en', 'en-gb', 'es', 'fr', 'de'].map((l) => resolveLanguage(l).language), ['en-US', 'en-GB', 'es-ES', 'fr-FR', 'de-DE']);
    assert.equal(resolveLanguage('en').fallback, false);
    assert.equal(resolveLanguage('zh').language, 'zh-CN');
    assert.equal(resolveLanguage('pt_BR').language, 'pt-BR');
  });

  it('falls back for unknown languages: same primary language first, then en-US, flagged', () => {
    assert.deepEqual(pick('man', 'en-JM'), ['en-US', 'male', true]);
    assert.deepEqual(pick('woman', 'es-AR'), ['es-ES', 'female', true]);
    assert.deepEqual(pick('man', 'xx-YY'), ['en-US', 'male', true]);
    assert.match(chooseVoice('man', 'xx-YY').reason ?? '', /xx-YY/);
  });

  it('gives Polly voices their own language and gender, with or without -Neural and accents', () => {
    assert.deepEqual(pick('Polly.Joanna'), ['en-US', 'female', false]);
    assert.deepEqual(pick('Polly.Joanna-Neural', 'fr-FR'), ['en-US', 'female', false]);
    assert.deepEqual(pick('Polly.Matthew-Generative'), ['en-US', 'male', false]);
    assert.deepEqual(pick('Polly.Brian'), ['en-GB', 'male', false]);
    assert.deepEqual(pick('Polly.Léa'), ['fr-FR', 'female', false]);
    assert.deepEqual(pick('Polly.Lea'), ['fr-FR', 'female', false]);
    assert.deepEqual(pick('Polly.Hans'), ['de-DE', 'male', false]);
    assert.deepEqual(pick('Polly.Mia'), ['es-MX', 'female', false]);
    assert.deepEqual(pick('Polly.Zhiyu'), ['cmn-CN', 'female', false]);
    for (const [name, v] of Object.entries(POLLY_VOICES)) assert.ok(LANGUAGES[v.language], `Polly.${name} speaks ${v.language}, which is not in LANGUAGES`);
  });

  it('gives Google voices the language in their id and a gender where it is known', () => {
    assert.deepEqual(pick('Google.en-US-Standard-C'), ['en-US', 'female', false]);
    assert.deepEqual(pick('Google.en-US-Neural2-J'), ['en-US', 'male', false]);
    assert.deepEqual(pick('Google.en-GB-Wavenet-A'), ['en-GB', 'female', false]);
    assert.deepEqual(pick('Google.fr-FR-Chirp3-HD-Aoede'), ['fr-FR', 'female', false]);
    assert.deepEqual(pick('Google.de-DE-Chirp3-HD-Charon'), ['de-DE', 'male', false]);
    assert.deepEqual(pick('Google.it-IT-Standard-B'), ['it-IT', 'male', true]);
  });

  it('gives an unknown voice the default voice of the language, flagged with a reason', () => {
    assert.deepEqual(pick('robot', 'de-DE'), ['de-DE', 'male', true]);
    assert.deepEqual(pick('Polly.Nobody', 'es-ES'), ['es-ES', 'male', true]);
    assert.deepEqual(pick('Google.nonsense', 'fr-FR'), ['fr-FR', 'male', true]);
    assert.match(chooseVoice('robot', 'de-DE').reason ?? '', /"robot" is not known/);
    assert.equal(espeakVoiceFor(chooseVoice('robot', 'de-DE')), espeakVoiceFor(chooseVoice(undefined, 'de-DE')));
  });
});
