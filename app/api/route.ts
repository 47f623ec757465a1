// /api itself: a JSON 404 like every other unknown API path (the catch-all needs one more segment).
export { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } from './[...path]/route';
