// What the service's areas (service-*.ts) are built from: the shared context, the shell's options and the upload reader.
import type { ServiceContext } from './context.ts';
import type { UploadReader } from './replay-service.ts';
import type { ServiceOptions } from './service.ts';

export interface ServiceParts {
  ctx: ServiceContext;
  opts: ServiceOptions;
  readUpload: UploadReader;
}
