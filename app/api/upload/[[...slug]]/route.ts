import { handleUploadRequest } from "@/lib/ingest/upload-request";
import { uploadErrorResponse, uploadOk } from "@/lib/http/respond";
import { ensureIdleSweeper } from "@/lib/sessions/idle-sweeper";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug?: string[] }> };

// Torque Pro GETs every sample; POST with a form body is accepted too. `OK!` only after commit.
async function upload(request: Request, context: Context): Promise<Response> {
  try {
    const { slug } = await context.params;
    await handleUploadRequest(request, slug?.[0]);
    // Sessions become due for their full summary 2 minutes after uploads stop (lib/sessions/idle-sweeper.ts).
    ensureIdleSweeper();
    return uploadOk();
  } catch (error) {
    return uploadErrorResponse(error);
  }
}

export const GET = upload;
export const POST = upload;
