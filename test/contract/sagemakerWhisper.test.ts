import {
  type InvokeEndpointCommand,
  ModelError,
  ServiceUnavailable,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { describe, expect, it } from 'vitest';
import { sagemakerSpeechToTextConfig } from '../../functions/providers/providerConfigs';
import {
  type SageMakerInvoker,
  SagemakerWhisperSpeechToText,
} from '../../functions/providers/speechToText/sagemakerWhisper';
import {
  ProviderRejectedError,
  TransientError,
  UnsupportedAudioError,
} from '../../functions/shared/errors';
import { speechToTextRequest, verboseJson } from './support/providers';

/** A stand-in for SageMakerRuntimeClient that records commands and answers from a script. */
function fakeClient(answer: () => unknown) {
  const commands: InvokeEndpointCommand[] = [];
  const client: SageMakerInvoker = {
    send: async (command) => {
      commands.push(command);
      const body = answer();
      return {
        Body: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
      };
    },
  };
  return { client, commands };
}

const config = sagemakerSpeechToTextConfig.parse({
  type: 'sagemaker',
  endpointName: 'whisper-large-v3',
  region: 'eusc-de-east-1',
});

const metadata = { $metadata: {} };

describe('Class: SagemakerWhisperSpeechToText', () => {
  it('invokes the endpoint with the audio bytes and maps Hugging Face pipeline chunks to turns', async () => {
    // Prepare
    const { client, commands } = fakeClient(() => ({
      text: ' Hola. Adiós.',
      chunks: [
        { timestamp: [0, 1.5], text: ' Hola.' },
        { timestamp: [1.5, null], text: ' Adiós.' },
      ],
    }));
    const request = speechToTextRequest();

    // Act
    const result = await new SagemakerWhisperSpeechToText(config, { client }).transcribe(request);

    // Assess
    const input = commands[0]?.input;
    expect(input).toMatchObject({
      EndpointName: 'whisper-large-v3',
      ContentType: 'audio/wav',
      Accept: 'application/json',
    });
    expect((input?.Body as Buffer | undefined)?.length).toBe(2048);
    expect(result.language).toBe('es');
    expect(result.turns).toEqual([
      { index: 0, speaker: 'caller', start: 0, end: 1.5, text: 'Hola.' },
      { index: 1, speaker: 'caller', start: 1.5, end: 9.5, text: 'Adiós.' },
    ]);
    expect(result.provenance).toMatchObject({
      provider: 'sagemaker',
      model: 'whisper-large-v3',
      endpoint_host: 'runtime.sagemaker.eusc-de-east-1.amazonaws.eu',
    });
  });

  it('accepts OpenAI verbose_json from the container, words and language included', async () => {
    const { client } = fakeClient(() => verboseJson);

    const result = await new SagemakerWhisperSpeechToText(config, { client }).transcribe({
      ...speechToTextRequest(),
      language: undefined,
    });

    expect(result.language).toBe('es');
    expect(result.turns).toHaveLength(2);
    expect(result.turns[1]?.words).toHaveLength(5);
  });

  it('throws TransientError when the container answers something unreadable', async () => {
    const { client } = fakeClient(() => '<html>starting</html>');

    const error = await new SagemakerWhisperSpeechToText(config, { client })
      .transcribe(speechToTextRequest())
      .catch((e) => e);

    expect(error).toBeInstanceOf(TransientError);
  });

  it.each([
    [
      'a model 415',
      new ModelError({ message: 'bad audio', OriginalStatusCode: 415, ...metadata }),
      UnsupportedAudioError,
    ],
    [
      'a validation error',
      new ValidationError({ message: 'no such endpoint', ...metadata }),
      ProviderRejectedError,
    ],
    [
      'service unavailable',
      new ServiceUnavailable({ message: 'try later', ...metadata }),
      TransientError,
    ],
    [
      'a model 500',
      new ModelError({ message: 'oom', OriginalStatusCode: 500, ...metadata }),
      TransientError,
    ],
  ])('maps %s to the right error class', async (_, thrown, expected) => {
    const client: SageMakerInvoker = {
      send: async () => {
        throw thrown;
      },
    };

    const error = await new SagemakerWhisperSpeechToText(config, { client })
      .transcribe(speechToTextRequest())
      .catch((e) => e);

    expect(error).toBeInstanceOf(expected);
  });
});
