// Any other /api path: a JSON 404, never Next's HTML page.
import { AuthError, errorResponse } from '@/lib/http/errors';

const notFound = () => errorResponse(new AuthError('not_found', 'There is no such API route.'));

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
